#include "tls_backend.h"

namespace hinternet::tls {

unsigned waiversFromSecurityFlags(unsigned long long flags) {
  unsigned waivers = 0;
  if (flags & 0x100) waivers |= kUnknownAuthority;
  if (flags & 0x2000) waivers |= kBadDate;
  if (flags & 0x1000) waivers |= kNameMismatch;
  if (flags & 0x200) waivers |= kWrongUsage;
  if (flags & 0x10000) waivers |= kWeakSignature;
  return waivers;
}

}  // namespace hinternet::tls
