#include "websocket_calls.h"

#include <cstring>
#include <string>

namespace hinternet::win32 {

DWORD webSocketCode(const HandleApi& api, Error error) {
  return error == Error::IncorrectState ? ERROR_INVALID_OPERATION : api.code(error);
}

DWORD queryCloseStatus(const WebSocketConnection& connection, USHORT* status, void* reason, DWORD length,
                       DWORD* reasonLength) {
  std::uint16_t peerStatus = 0;
  std::string peerReason;
  if (!connection.closeStatus(peerStatus, peerReason)) return ERROR_INVALID_OPERATION;
  *status = peerStatus;
  *reasonLength = static_cast<DWORD>(peerReason.size());
  if (peerReason.size() > length) return ERROR_INSUFFICIENT_BUFFER;
  if (!peerReason.empty()) std::memcpy(reason, peerReason.data(), peerReason.size());
  return ERROR_SUCCESS;
}

}  // namespace hinternet::win32
