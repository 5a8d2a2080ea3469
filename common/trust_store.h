#pragma once
#include <string>

namespace hinternet {

// PEM trust anchors for TLS: on Windows the certificates of the system ROOT
// store (what Schannel would trust; under Wine it holds the host's CAs), plus
// any PEM file named by HINTERNET_CA_FILE for users behind corporate CAs.
// Read once per process. Empty means: leave the TLS library's default.
const std::string& trustAnchorsPem();

}  // namespace hinternet
