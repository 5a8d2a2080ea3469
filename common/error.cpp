#include "error.h"

namespace hinternet {

const char* errorName(Error e) {
  switch (e) {
    case Error::None: return "None";
    case Error::InvalidHandle: return "InvalidHandle";
    case Error::WrongHandleType: return "WrongHandleType";
    case Error::InvalidParameter: return "InvalidParameter";
    case Error::InsufficientBuffer: return "InsufficientBuffer";
    case Error::NotEnoughMemory: return "NotEnoughMemory";
    case Error::IncorrectState: return "IncorrectState";
    case Error::InvalidUrl: return "InvalidUrl";
    case Error::UnrecognizedScheme: return "UnrecognizedScheme";
    case Error::NameNotResolved: return "NameNotResolved";
    case Error::CannotConnect: return "CannotConnect";
    case Error::ConnectionError: return "ConnectionError";
    case Error::Timeout: return "Timeout";
    case Error::InvalidServerResponse: return "InvalidServerResponse";
    case Error::SecureFailure: return "SecureFailure";
    case Error::CertUntrusted: return "CertUntrusted";
    case Error::CertNameMismatch: return "CertNameMismatch";
    case Error::CertDateInvalid: return "CertDateInvalid";
    case Error::CertRevoked: return "CertRevoked";
    case Error::CertRevocationUnknown: return "CertRevocationUnknown";
    case Error::RedirectFailed: return "RedirectFailed";
    case Error::TooManyRedirects: return "TooManyRedirects";
    case Error::HeaderNotFound: return "HeaderNotFound";
    case Error::HeaderSizeOverflow: return "HeaderSizeOverflow";
    case Error::HeaderAlreadyExists: return "HeaderAlreadyExists";
    case Error::InvalidHeader: return "InvalidHeader";
    case Error::OperationCancelled: return "OperationCancelled";
    case Error::LoginFailure: return "LoginFailure";
    case Error::Internal: return "Internal";
    case Error::RedirectToHttp: return "RedirectToHttp";
    case Error::RedirectToHttps: return "RedirectToHttps";
    case Error::DecodingFailed: return "DecodingFailed";
    case Error::ClientCertificateNeeded: return "ClientCertificateNeeded";
  }
  return "Unknown";
}

}  // namespace hinternet
