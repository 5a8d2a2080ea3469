#pragma once
// Fetching the CRLs a revocation check found missing from the CrlCache.
#include <functional>
#include <string>
#include <vector>

namespace hinternet {

struct RequestSpec;

// Fetches `urls` (http only) into the CrlCache as internal transfers: no
// handles, no notifications, through the proxy `like` goes through, each
// within a time limit and a size cap. A URL another request is fetching
// already is waited for rather than fetched again. `done` runs once every
// one has ended, however it ended (on the event thread, or at once when
// `urls` is empty).
void fetchCrls(const std::vector<std::string>& urls, const RequestSpec& like, std::function<void()> done);

}  // namespace hinternet
