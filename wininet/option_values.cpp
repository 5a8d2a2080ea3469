#include "option_values.h"

#include "handles.h"

namespace hinternet::wininet {

std::uint64_t optionDefault(DWORD id) {
  switch (id) {
    // Windows' defaults, in milliseconds.
    case INTERNET_OPTION_CONNECT_TIMEOUT: return 60000;
    case INTERNET_OPTION_SEND_TIMEOUT: return 30000;
    case INTERNET_OPTION_RECEIVE_TIMEOUT: return 30000;
    // Content decoding is the program's to ask for.
    case INTERNET_OPTION_HTTP_DECODING: return FALSE;
    default: return 0;
  }
}

}  // namespace hinternet::wininet
