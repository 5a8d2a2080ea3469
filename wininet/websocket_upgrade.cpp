#include "websocket_upgrade.h"

#include "option_values.h"
#include "websocket_sdk.h"

namespace hinternet::wininet {

bool asksForWebSocket(const HandleObject& request, const RequestSpec& spec) {
  if (spec.method != "GET") return false;
  return optionValue(request, INTERNET_OPTION_UPGRADE_TO_WEB_SOCKET) || spec.headers.hasToken("Upgrade", "websocket");
}

}  // namespace hinternet::wininet
