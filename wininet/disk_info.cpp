// GetDiskInfoA (ordinal 102): the volume of a path, as WinINet's cache
// sizes itself by it: cluster size, bytes available to the caller, total
// bytes. What Windows answers for a missing or NULL path is in Wine's tests
// (urlcache.c, test_GetDiskInfoA): ERROR_PATH_NOT_FOUND, and
// ERROR_INVALID_PARAMETER; every output is optional.
#include "api_guard.h"
#include "handles.h"

using namespace hinternet;
using win32::failWith;
using win32::guardedCall;

extern "C" BOOL WINAPI GetDiskInfoA(PCSTR path, PDWORD clusterSize, PDWORDLONG available, PDWORDLONG total) {
  LOG_TRACE("GetDiskInfoA(%s, %p, %p, %p)", path ? path : "(null)", static_cast<void*>(clusterSize),
            static_cast<void*>(available), static_cast<void*>(total));
  return guardedCall("GetDiskInfoA", FALSE, [&]() -> BOOL {
    if (!path) return failWith(ERROR_INVALID_PARAMETER);
    ULARGE_INTEGER callerFree{}, volumeSize{};
    if (!GetDiskFreeSpaceExA(path, &callerFree, &volumeSize, nullptr)) return FALSE;
    if (clusterSize) {
      // The cluster size is the volume's: ask its root.
      char root[MAX_PATH + 1];
      DWORD sectorsPerCluster = 0, bytesPerSector = 0, freeClusters = 0, clusters = 0;
      if (!GetVolumePathNameA(path, root, sizeof(root)) ||
          !GetDiskFreeSpaceA(root, &sectorsPerCluster, &bytesPerSector, &freeClusters, &clusters))
        return FALSE;
      *clusterSize = sectorsPerCluster * bytesPerSector;
    }
    if (available) *available = callerFree.QuadPart;
    if (total) *total = volumeSize.QuadPart;
    return win32::succeed();
  });
}
