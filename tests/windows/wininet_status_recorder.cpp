#include "wininet_status_recorder.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>

namespace {

bool isText(DWORD status) {
  switch (status) {
    case INTERNET_STATUS_RESOLVING_NAME:
    case INTERNET_STATUS_NAME_RESOLVED:
    case INTERNET_STATUS_CONNECTING_TO_SERVER:
    case INTERNET_STATUS_CONNECTED_TO_SERVER:
    case INTERNET_STATUS_REDIRECT:
      return true;
    default:
      return false;
  }
}

std::string utf8(const wchar_t* text) {
  const int size = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
  std::string out(size > 0 ? size - 1 : 0, '\0');
  if (size > 1) WideCharToMultiByte(CP_UTF8, 0, text, -1, &out[0], size, nullptr, nullptr);
  return out;
}

}  // namespace

void StatusRecorder::record(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info, DWORD length,
                            bool wide) {
  static std::atomic<unsigned long> sequence{0};
  Notice notice;
  notice.handle = handle;
  notice.context = context;
  notice.status = status;
  notice.thread = GetCurrentThreadId();
  if (isText(status) && info) {
    if (wide) {
      notice.text = utf8(static_cast<const wchar_t*>(info));
      notice.lengthRight = length == (wcslen(static_cast<const wchar_t*>(info)) + 1) * sizeof(wchar_t);
    } else {
      notice.text = static_cast<const char*>(info);
      notice.lengthRight = length == strlen(static_cast<const char*>(info)) + 1;
    }
  } else if (status == INTERNET_STATUS_REQUEST_COMPLETE && info) {
    auto* result = static_cast<INTERNET_ASYNC_RESULT*>(info);
    notice.result = result->dwResult;
    notice.error = result->dwError;
    notice.lengthRight = length == sizeof(INTERNET_ASYNC_RESULT);
  } else if ((status == INTERNET_STATUS_HANDLE_CREATED || status == INTERNET_STATUS_HANDLE_CLOSING) && info) {
    notice.result = reinterpret_cast<DWORD_PTR>(*static_cast<HINTERNET*>(info));
    notice.lengthRight = length == sizeof(HINTERNET);
  } else if (status == INTERNET_STATUS_REQUEST_SENT || status == INTERNET_STATUS_RESPONSE_RECEIVED) {
    // A DWORD count, always.
    notice.lengthRight = info && length == sizeof(DWORD);
    if (notice.lengthRight) notice.number = *static_cast<DWORD*>(info);
  } else if (info && length == sizeof(DWORD)) {
    notice.number = *static_cast<DWORD*>(info);
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    notice.order = ++sequence;
    notices_.push_back(notice);
  }
  changed_.notify_all();
  if (onNotice) onNotice(notice);
}

void CALLBACK StatusRecorder::callbackA(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info,
                                        DWORD length) {
  reinterpret_cast<StatusRecorder*>(context)->record(handle, context, status, info, length, false);
}

void CALLBACK StatusRecorder::callbackW(HINTERNET handle, DWORD_PTR context, DWORD status, LPVOID info,
                                        DWORD length) {
  reinterpret_cast<StatusRecorder*>(context)->record(handle, context, status, info, length, true);
}

std::vector<Notice> StatusRecorder::notices() {
  std::lock_guard<std::mutex> lock(mutex_);
  return notices_;
}

std::vector<DWORD> StatusRecorder::statuses(HINTERNET handle) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<DWORD> out;
  for (const Notice& notice : notices_)
    if (!handle || notice.handle == handle) out.push_back(notice.status);
  return out;
}

std::size_t StatusRecorder::countOf(DWORD status) {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::count_if(notices_.begin(), notices_.end(), [&](const Notice& n) { return n.status == status; });
}

bool StatusRecorder::waitFor(DWORD status, std::size_t count) {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, std::chrono::seconds(20), [&] {
    return std::count_if(notices_.begin(), notices_.end(), [&](const Notice& n) { return n.status == status; }) >=
           static_cast<std::ptrdiff_t>(count);
  });
}

Notice StatusRecorder::last(DWORD status) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = notices_.rbegin(); it != notices_.rend(); ++it)
    if (it->status == status) return *it;
  return Notice{};
}

std::vector<DWORD> without(std::vector<DWORD> statuses, std::vector<DWORD> ignored) {
  statuses.erase(std::remove_if(statuses.begin(), statuses.end(),
                                [&](DWORD s) { return std::find(ignored.begin(), ignored.end(), s) != ignored.end(); }),
                 statuses.end());
  return statuses;
}

StatusRecorder& newRecorder() { return *new StatusRecorder; }

RecordedConnection::RecordedConnection(StatusRecorder& recorder, unsigned short port, DWORD flags)
    : session(InternetOpenA("t", INTERNET_OPEN_TYPE_DIRECT, nullptr, nullptr, flags)),
      connect((InternetSetStatusCallbackA(session, StatusRecorder::callbackA),
               InternetConnectA(session, "127.0.0.1", port, nullptr, nullptr, INTERNET_SERVICE_HTTP, 0,
                                recorder.context()))) {}
