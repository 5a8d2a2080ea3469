#include "connection_settings.h"

namespace hinternet {
namespace {

class Reader {
 public:
  explicit Reader(const std::vector<unsigned char>& blob) : blob_(blob) {}
  bool word(std::uint32_t& value) {
    if (blob_.size() - pos_ < 4) return false;
    value = 0;
    for (int i = 3; i >= 0; --i) value = (value << 8) | blob_[pos_ + i];
    pos_ += 4;
    return true;
  }
  bool text(std::string& value) {
    std::uint32_t length = 0;
    if (!word(length) || blob_.size() - pos_ < length) return false;
    value.assign(blob_.begin() + pos_, blob_.begin() + pos_ + length);
    pos_ += length;
    return true;
  }

 private:
  const std::vector<unsigned char>& blob_;
  std::size_t pos_ = 0;
};

void putWord(std::vector<unsigned char>& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<unsigned char>(value >> (8 * i)));
}

void putText(std::vector<unsigned char>& out, const std::string& value) {
  putWord(out, static_cast<std::uint32_t>(value.size()));
  out.insert(out.end(), value.begin(), value.end());
}

}  // namespace

bool decodeConnectionSettings(const std::vector<unsigned char>& blob, ConnectionSettings& settings) {
  Reader in(blob);
  ConnectionSettings s;
  if (!in.word(s.magic) || !in.word(s.counter) || !in.word(s.flags) || !in.text(s.proxy) || !in.text(s.bypass))
    return false;
  s.hasAutoConfigUrl = in.text(s.autoConfigUrl);
  settings = s;
  return true;
}

std::vector<unsigned char> encodeConnectionSettings(const ConnectionSettings& settings) {
  std::vector<unsigned char> out;
  putWord(out, settings.magic);
  putWord(out, settings.counter);
  putWord(out, settings.flags);
  putText(out, settings.proxy);
  putText(out, settings.bypass);
  if (settings.hasAutoConfigUrl) putText(out, settings.autoConfigUrl);
  return out;
}

}  // namespace hinternet
