#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cookie_store.h"

namespace hinternet {

// The file that keeps a user's persistent cookies between runs: one cookie
// a line, tab-separated. Several processes may share it. Every write reads
// the file again, applies this process's changes to what it finds (so
// another process's cookies survive), and replaces the file by renaming a
// complete temporary file over it, so a reader never sees half a file.
// Changes that race between two processes may lose one of them; the file is
// never corrupt.
class CookieJarFile {
 public:
  // `path` is UTF-8; its folder is created when first written.
  explicit CookieJarFile(std::string path);

  // The cookies in the file that have not expired by `now`. A missing or
  // unreadable file is an empty jar; lines that are no cookie are skipped.
  std::vector<Cookie> load(std::int64_t now) const;

  // Applies `changes` (a cookie replaces the one with its name, domain and
  // path; an expired one deletes it) and writes the file. False if the file
  // could not be written.
  bool apply(const std::vector<Cookie>& changes, std::int64_t now);

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace hinternet
