// WinHttpOpenRequest, WinHttpSendRequest, WinHttpReceiveResponse,
// WinHttpQueryDataAvailable, WinHttpReadData(Ex), WinHttpWriteData.
#include "api_guard.h"
#include "client_credential.h"
#include "handles.h"
#include "option_table.h"
#include "request_settings.h"
#include "sdk_types.h"
#include "text.h"
#include "trust_store.h"

using namespace hinternet;
using namespace hinternet::winhttp;
using win32::guardedCall;
using win32::utf8FromCounted;
using win32::utf8FromWide;

namespace {

// Whether the request headers say the program frames the body in chunks
// itself: WinHTTP then sends its bytes as they are, with no Content-Length.
bool programFramesChunks(const Request& request) {
  const RequestHead head = request.requestHead();
  const HeaderList::Field* encoding = head.headers.find("Transfer-Encoding");
  return encoding && equalsIgnoreCase(encoding->value, "chunked");
}

// Merges what a send adds to the request headers, the way WinHTTP does:
// its defaults where the caller has not set them, then the send's own
// headers with ADD|REPLACE.
Error mergeSendHeaders(Request& request, const std::string& extra, std::size_t bodyLength) {
  const Session& session = request.connect().session();
  const bool secure = request.flags & WINHTTP_FLAG_SECURE;
  if (!session.agent.empty()) request.addDefaultHeader("User-Agent", session.agent);
  request.addDefaultHeader("Host", hostHeaderValue(secure, request.server().host, request.server().port));
  const bool addsLength =
      !programFramesChunks(request) && (bodyLength || request.verb == "POST" || request.verb == "PUT");
  if (addsLength)
    request.addHeaders({{"Content-Length", std::to_string(bodyLength)}}, kAddHeaderAdd | kAddHeaderReplace);
  request.addDefaultHeader("Connection", "Keep-Alive");
  const Error error = extra.empty() ? Error::None : request.addHeaders(extra, kAddHeaderAdd | kAddHeaderReplace);
  // Transfer-Encoding: chunked among the send's own headers takes back the
  // length added above (an empty value with REPLACE removes the field).
  if (error == Error::None && addsLength && programFramesChunks(request))
    request.addHeaders({{"Content-Length", ""}}, kAddHeaderReplace);
  return error;
}

RequestSpec buildSpec(Request& request, std::string body) {
  RequestSpec spec = request.describe(request.flags & WINHTTP_FLAG_SECURE, std::move(body));
  spec.caPem = &trustAnchorsPem();
  applyRequestOptions(request, spec);   // switches, timeouts, TLS, limits
  applyAuthCookiesProxy(request, spec);  // who we are, what we remember, which way
  return spec;
}

// The request's client certificate, with its key, into the spec; a Windows
// error when it cannot be presented.
DWORD addClientCredential(Request& request, RequestSpec& spec) {
  PCCERT_CONTEXT certificate = nullptr;
  {
    std::lock_guard<std::mutex> lock(request.settingsMutex);
    if (request.clientCertificate) certificate = CertDuplicateCertificateContext(request.clientCertificate);
    spec.reportCertificateRequest = !request.clientCertificateChosen;
  }
  if (!certificate) return ERROR_SUCCESS;
  win32::ClientCredential credential;
  const DWORD error = win32::exportClientCredential(certificate, credential);
  CertFreeCertificateContext(certificate);
  if (error != ERROR_SUCCESS) return error;
  spec.clientCertificateDer = std::move(credential.certificateDer);
  spec.clientKeyDer = std::move(credential.keyDer);
  return ERROR_SUCCESS;
}

}  // namespace

extern "C" HINTERNET WINAPI WinHttpOpenRequest(HINTERNET connectHandle, LPCWSTR verb, LPCWSTR objectName,
                                               LPCWSTR version, LPCWSTR referrer, LPCWSTR* acceptTypes,
                                               DWORD flags) {
  LOG_TRACE("WinHttpOpenRequest(%p, %s, %s, %s, %s, %p, 0x%lx)", connectHandle, utf8FromWide(verb).c_str(),
            utf8FromWide(objectName).c_str(), utf8FromWide(version).c_str(),
            utf8FromWide(referrer).c_str(), static_cast<void*>(acceptTypes), flags);
  return guardedCall("WinHttpOpenRequest", HINTERNET(nullptr), [&]() -> HINTERNET {
    auto connect = find<Connect>(connectHandle, {HandleKind::Connect});
    if (!connect) return nullptr;
    auto request = api().make<Request>(connect);
    // A request starts with its session's options and its parent's context.
    request->options.inherit(connect->session().options);
    request->status.context.store(connect->status.context.load());
    request->verb = verb && *verb ? utf8FromWide(verb) : "GET";
    request->path = objectName && *objectName ? utf8FromWide(objectName) : "/";
    request->version = version && *version ? utf8FromWide(version) : defaultHttpVersion();
    request->flags = flags;
    // WinHTTP puts these in the request headers at once, so a query sees
    // them before the request is sent.
    if (referrer && *referrer) request->addHeaders({{"Referer", utf8FromWide(referrer)}}, kAddHeaderAdd);
    for (LPCWSTR* type = acceptTypes; type && *type; ++type) {
      if (**type) request->addHeaders({{"Accept", utf8FromWide(*type)}}, kAddHeaderCoalesceWithComma);
    }
    return publishCreated(request);
  });
}

extern "C" BOOL WINAPI WinHttpSendRequest(HINTERNET requestHandle, LPCWSTR headers, DWORD headersLength,
                                          LPVOID optional, DWORD optionalLength, DWORD totalLength,
                                          DWORD_PTR context) {
  LOG_TRACE("WinHttpSendRequest(%p, %p, %ld, %p, %lu, %lu, %p)", requestHandle, headers,
            static_cast<long>(headersLength), optional, optionalLength, totalLength, (void*)context);
  return guardedCall("WinHttpSendRequest", FALSE, [&]() -> BOOL {
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return FALSE;
    if (optionalLength && !optional) return fail(Error::InvalidParameter);
    // A total beyond the optional data is streamed with WinHttpWriteData;
    // Content-Length announces all of it. Both -1 and 0 mean a
    // NUL-terminated string here, unlike in WinHttpAddRequestHeaders.
    const bool streamed = totalLength > optionalLength;
    const std::string extra = utf8FromCounted(headers, headersLength ? headersLength : DWORD(-1));
    std::string body(static_cast<const char*>(optional), optional ? optionalLength : 0);
    Error error = mergeSendHeaders(*request, extra, streamed ? totalLength : body.size());
    if (error != Error::None) return fail(error);
    // With Transfer-Encoding: chunked the body, optional data included, is
    // the program's own framing and its length is whatever the framing says
    // (WINHTTP_IGNORE_REQUEST_TOTAL_LENGTH), so the total is not a limit.
    const bool chunked = programFramesChunks(*request);
    if (chunked) {
      ChunkedUploadDecoder framing;
      std::string payload;
      if (framing.feed(body.data(), body.size(), payload) == ChunkedUploadDecoder::Status::Malformed)
        return fail(Error::InvalidParameter);
    }
    RequestSpec spec = buildSpec(*request, std::move(body));
    if (const DWORD credentialError = addClientCredential(*request, spec)) {
      SetLastError(credentialError);
      return FALSE;
    }
    if (chunked) {
      spec.uploadLength = RequestSpec::kCallerChunked;
    } else if (streamed) {
      spec.uploadLength = totalLength;
    }
    // A context of 0 keeps the one the handle has (its parent's, or
    // WINHTTP_OPTION_CONTEXT_VALUE's).
    if (context) request->status.context.store(context);
    auto transfer = std::make_shared<Transfer>(std::move(spec));
    error = request->start(transfer);
    if (error != Error::None) return fail(error);
    return request->run(PendingCall::Kind::Send);
  });
}

extern "C" BOOL WINAPI WinHttpReceiveResponse(HINTERNET requestHandle, LPVOID reserved) {
  LOG_TRACE("WinHttpReceiveResponse(%p, %p)", requestHandle, reserved);
  return guardedCall("WinHttpReceiveResponse", FALSE, [&]() -> BOOL {
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return FALSE;
    const auto transfer = request->exchange.transfer();
    if (!transfer) return fail(Error::IncorrectState);
    if (!transfer->uploadComplete()) {
      // Windows refuses to wait for a response while the declared body is
      // still incomplete.
      return fail(Error::IncorrectState);
    }
    return request->run(PendingCall::Kind::Receive);
  });
}

extern "C" BOOL WINAPI WinHttpQueryDataAvailable(HINTERNET requestHandle, LPDWORD available) {
  LOG_TRACE("WinHttpQueryDataAvailable(%p, %p)", requestHandle, static_cast<void*>(available));
  return guardedCall("WinHttpQueryDataAvailable", FALSE, [&]() -> BOOL {
    std::shared_ptr<Transfer> transfer;
    auto request = api().findReceiving<Request>(requestHandle, transfer);
    if (!request) return FALSE;
    // Asynchronous mode: the count comes with DATA_AVAILABLE; the
    // out-parameter is not used.
    return request->run(PendingCall::Kind::QueryData, nullptr, 0, true, available);
  });
}

namespace {

// WinHttpReadData(Ex): `fill` waits for `toRead` bytes or the end of the
// body, as WinHttpReadData does; without it the first data completes.
BOOL readData(HINTERNET requestHandle, LPVOID buffer, DWORD toRead, LPDWORD read, bool fill) {
  std::shared_ptr<Transfer> transfer;
  auto request = api().findReceiving<Request>(requestHandle, transfer);
  if (!request) return FALSE;
  if (toRead && !buffer) return fail(Error::InvalidParameter);
  if (read) *read = 0;
  // Asynchronous mode: the buffer must stay valid until READ_COMPLETE,
  // which carries the count.
  return request->run(PendingCall::Kind::Read, buffer, toRead, fill, read);
}

}  // namespace

extern "C" BOOL WINAPI WinHttpReadData(HINTERNET requestHandle, LPVOID buffer, DWORD toRead, LPDWORD read) {
  LOG_TRACE("WinHttpReadData(%p, %p, %lu, %p)", requestHandle, buffer, toRead, static_cast<void*>(read));
  return guardedCall("WinHttpReadData", FALSE, [&]() -> BOOL {
    return readData(requestHandle, buffer, toRead, read, true);
  });
}

extern "C" DWORD WINAPI WinHttpReadDataEx(HINTERNET requestHandle, LPVOID buffer, DWORD toRead, LPDWORD read,
                                          ULONGLONG flags, DWORD propertySize, PVOID property) {
  LOG_TRACE("WinHttpReadDataEx(%p, %p, %lu, %p, 0x%llx, %lu, %p)", requestHandle, buffer, toRead,
            static_cast<void*>(read), static_cast<unsigned long long>(flags), propertySize, property);
  // Cleared before any check, as documented.
  if (read) *read = 0;
  return guardedCall("WinHttpReadDataEx", DWORD(ERROR_WINHTTP_INTERNAL_ERROR), [&]() -> DWORD {
    if (!find<Request>(requestHandle, {HandleKind::Request})) return GetLastError();
    if ((flags & ~WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER) || propertySize || property)
      return errorCode(Error::InvalidParameter);
    const bool fill = flags & WINHTTP_READ_DATA_EX_FLAG_FILL_BUFFER;
    return readData(requestHandle, buffer, toRead, read, fill) ? DWORD(ERROR_SUCCESS) : GetLastError();
  });
}

extern "C" BOOL WINAPI WinHttpWriteData(HINTERNET requestHandle, LPCVOID buffer, DWORD toWrite, LPDWORD written) {
  LOG_TRACE("WinHttpWriteData(%p, %p, %lu, %p)", requestHandle, buffer, toWrite, static_cast<void*>(written));
  return guardedCall("WinHttpWriteData", FALSE, [&]() -> BOOL {
    auto request = find<Request>(requestHandle, {HandleKind::Request});
    if (!request) return FALSE;
    if (toWrite && !buffer) return fail(Error::InvalidParameter);
    const auto transfer = request->exchange.transfer();
    if (!transfer || request->exchange.responseReceived()) return fail(Error::IncorrectState);
    if (written) *written = 0;
    return request->run(PendingCall::Kind::Write, const_cast<LPVOID>(buffer), toWrite, true, written);
  });
}
