#include "websocket_upgrade.h"

#include <cctype>

#include "option_values.h"
#include "websocket_sdk.h"

namespace hinternet::wininet {
namespace {

// Upgrade's value is a comma-separated list of protocols, "name/version".
bool offersWebSocket(const std::string& upgrade) {
  std::size_t start = 0;
  while (start <= upgrade.size()) {
    std::size_t end = upgrade.find(',', start);
    if (end == std::string::npos) end = upgrade.size();
    std::size_t first = start, last = end;
    while (first < last && std::isspace(static_cast<unsigned char>(upgrade[first]))) ++first;
    while (last > first && std::isspace(static_cast<unsigned char>(upgrade[last - 1]))) --last;
    if (equalsIgnoreCase(upgrade.substr(first, last - first), "websocket")) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

bool asksForWebSocket(const HandleObject& request, const RequestSpec& spec) {
  if (spec.method != "GET") return false;
  if (optionValue(request, INTERNET_OPTION_UPGRADE_TO_WEB_SOCKET)) return true;
  for (std::size_t i = 0; const auto* field = spec.headers.find("Upgrade", i); ++i) {
    if (offersWebSocket(field->value)) return true;
  }
  return false;
}

}  // namespace hinternet::wininet
