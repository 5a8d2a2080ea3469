#include "option_values.h"

#include "handles.h"

namespace hinternet::wininet {

std::uint64_t optionDefault(DWORD id) {
  switch (id) {
    // Windows' defaults, in milliseconds.
    case INTERNET_OPTION_CONNECT_TIMEOUT: return 60000;
    case INTERNET_OPTION_SEND_TIMEOUT: return 30000;
    case INTERNET_OPTION_RECEIVE_TIMEOUT: return 30000;
    case INTERNET_OPTION_DATA_SEND_TIMEOUT: return 30000;
    case INTERNET_OPTION_DATA_RECEIVE_TIMEOUT: return 30000;
    case INTERNET_OPTION_CONNECT_RETRIES: return 5;
    case INTERNET_OPTION_DISCONNECTED_TIMEOUT: return 0;
    case INTERNET_OPTION_READ_BUFFER_SIZE: return 4096;
    case INTERNET_OPTION_WRITE_BUFFER_SIZE: return 4096;
    // Connections at once per server since Internet Explorer 8.
    case INTERNET_OPTION_MAX_CONNS_PER_SERVER: return 6;
    case INTERNET_OPTION_MAX_CONNS_PER_1_0_SERVER: return 6;
    case INTERNET_OPTION_MAX_CONNS_PER_PROXY: return 16;
    // Content decoding is the program's to ask for.
    case INTERNET_OPTION_HTTP_DECODING: return FALSE;
    case INTERNET_OPTION_KEEP_CONNECTION: return TRUE;
    default: return 0;
  }
}

OptionStore& globalOptions() {
  static OptionStore* store = new OptionStore;  // outlives every handle
  return *store;
}

}  // namespace hinternet::wininet
