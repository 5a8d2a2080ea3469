// ChunkedUploadDecoder fed the input whole and then in pieces whose sizes
// the first byte chooses: the split never changes the outcome (status,
// payload, whether it finished), and a finished body re-framed as one chunk
// decodes to the same payload.
#include <algorithm>

#include "chunked_upload_decoder.h"
#include "fuzz_input.h"

using namespace hinternet;

namespace {

struct Outcome {
  bool malformed = false;
  bool finished = false;
  std::string payload;
};

Outcome decode(std::string_view text, std::size_t piece) {
  ChunkedUploadDecoder decoder;
  Outcome out;
  for (std::size_t i = 0; i < text.size() && !out.malformed; i += piece) {
    const std::size_t n = std::min(piece, text.size() - i);
    out.malformed = decoder.feed(text.data() + i, n, out.payload) == ChunkedUploadDecoder::Status::Malformed;
  }
  out.finished = decoder.finished();
  FUZZ_CHECK(!(out.finished && out.malformed));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!size) return 0;
  const std::size_t piece = data[0] % 7 + 1;
  const std::string_view text = fuzz::narrow(data + 1, size - 1);
  const Outcome whole = decode(text, text.size() ? text.size() : 1);
  const Outcome split = decode(text, piece);
  FUZZ_CHECK(whole.malformed == split.malformed && whole.finished == split.finished);
  if (!whole.malformed) FUZZ_CHECK(whole.payload == split.payload);
  if (whole.finished && !whole.payload.empty()) {
    char size_line[32];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", whole.payload.size());
    const std::string reframed = size_line + whole.payload + "\r\n0\r\n\r\n";
    const Outcome again = decode(reframed, piece);
    FUZZ_CHECK(again.finished && again.payload == whole.payload);
  }
  return 0;
}
