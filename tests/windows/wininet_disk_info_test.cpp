// GetDiskInfoA (ordinal 102, no name): the volume of a path, as Wine's
// tests record Windows answering.
#include <catch.hpp>
#include <windows.h>
#include <wininet.h>

#include <string>

#include "wininet_helpers.h"

namespace {

using GetDiskInfo = BOOL(WINAPI*)(PCSTR, PDWORD, PDWORDLONG, PDWORDLONG);

GetDiskInfo getDiskInfo() {
  auto function = wininetProc<GetDiskInfo>(MAKEINTRESOURCEA(102));
  REQUIRE(function);
  return function;
}

std::string systemRoot() {
  char path[MAX_PATH];
  REQUIRE(GetSystemDirectoryA(path, MAX_PATH));
  std::string root(path);
  return root.substr(0, root.find('\\') + 1);
}

}  // namespace

TEST_CASE("WinINet: GetDiskInfoA describes the volume of a path") {
  const GetDiskInfo diskInfo = getDiskInfo();
  const std::string root = systemRoot();
  DWORD clusterSize = 0;
  DWORDLONG available = 0, total = 0;
  REQUIRE(diskInfo(root.c_str(), &clusterSize, &available, &total));
  CHECK(clusterSize > 0);
  CHECK(total > 0);
  CHECK(available <= total);

  ULARGE_INTEGER callerFree{}, volumeSize{};
  REQUIRE(GetDiskFreeSpaceExA(root.c_str(), &callerFree, &volumeSize, nullptr));
  CHECK(total == volumeSize.QuadPart);
  DWORD sectorsPerCluster = 0, bytesPerSector = 0, freeClusters = 0, clusters = 0;
  REQUIRE(GetDiskFreeSpaceA(root.c_str(), &sectorsPerCluster, &bytesPerSector, &freeClusters, &clusters));
  CHECK(clusterSize == sectorsPerCluster * bytesPerSector);

  // A directory on the volume answers for the volume.
  char system[MAX_PATH];
  REQUIRE(GetSystemDirectoryA(system, MAX_PATH));
  DWORD systemCluster = 0;
  DWORDLONG systemTotal = 0;
  REQUIRE(diskInfo(system, &systemCluster, nullptr, &systemTotal));
  CHECK(systemCluster == clusterSize);
  CHECK(systemTotal == total);
}

TEST_CASE("WinINet: GetDiskInfoA takes every output as optional") {
  const GetDiskInfo diskInfo = getDiskInfo();
  const std::string root = systemRoot();
  DWORD clusterSize = 0;
  DWORDLONG available = 0;
  CHECK(diskInfo(root.c_str(), &clusterSize, &available, nullptr));
  CHECK(diskInfo(root.c_str(), &clusterSize, nullptr, nullptr));
  CHECK(diskInfo(root.c_str(), nullptr, nullptr, nullptr));
}

TEST_CASE("WinINet: GetDiskInfoA refuses a missing or NULL path") {
  const GetDiskInfo diskInfo = getDiskInfo();
  const std::string missing = systemRoot() + "non\\existing\\path";
  SetLastError(0xdeadbeef);
  CHECK_FALSE(diskInfo(missing.c_str(), nullptr, nullptr, nullptr));
  CHECK(GetLastError() == ERROR_PATH_NOT_FOUND);
  SetLastError(0xdeadbeef);
  CHECK_FALSE(diskInfo(nullptr, nullptr, nullptr, nullptr));
  CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
}
