#pragma once
#include "handle_object.h"
#include "transfer.h"

namespace hinternet::wininet {

// Whether a send is a WebSocket handshake, to go to curl as one (see
// RequestSpec::webSocket): a GET whose headers offer "Upgrade: websocket",
// as WinINet programs write them, or a request marked with
// INTERNET_OPTION_UPGRADE_TO_WEB_SOCKET.
bool asksForWebSocket(const HandleObject& request, const RequestSpec& spec);

}  // namespace hinternet::wininet
