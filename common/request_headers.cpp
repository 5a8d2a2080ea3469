#include "request_headers.h"

#include <cstring>

namespace hinternet {

const HeaderRules& HeaderRules::winHttp() {
  // The WinHTTP documentation names ERROR_INVALID_PARAMETER for a header that
  // is not well formed (Wine answers ERROR_WINHTTP_INVALID_HEADER).
  static const HeaderRules rules{false, true, true, Error::InvalidParameter, Error::None};
  return rules;
}

const HeaderRules& HeaderRules::winInet() {
  static const HeaderRules rules{true, false, false, Error::InvalidHeader, Error::InvalidHeader};
  return rules;
}

namespace {

// RFC 9110 token characters; bytes of UTF-8 sequences pass, as Windows lets
// any non-ASCII character through.
bool isTokenChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u == 0x7F) return false;
  return std::strchr("()<>@,;:\\\"/[]?={}", c) == nullptr;
}

bool isToken(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!isTokenChar(c)) return false;
  }
  return true;
}

bool hasLineBreakOrNul(const std::string& text) {
  return text.find_first_of(std::string("\r\n\0", 3)) != std::string::npos;
}

bool isValidField(const HeaderList::Field& field) {
  return isToken(field.name) && !hasLineBreakOrNul(field.value);
}

// Both DLLs strip spaces only; a tab stays and makes a name invalid.
std::string trimmed(const std::string& text, std::size_t begin, std::size_t end, bool trimEnd) {
  while (begin < end && text[begin] == ' ') ++begin;
  while (trimEnd && end > begin && text[end - 1] == ' ') --end;
  return text.substr(begin, end - begin);
}

// One non-blank line as a field; false if it is no header.
bool parseLine(const std::string& line, const HeaderRules& rules, HeaderList::Field& field) {
  const auto colon = line.find(':');
  if (colon == std::string::npos) return false;
  field.name = rules.trimSpaces ? trimmed(line, 0, colon, true) : line.substr(0, colon);
  if (!isToken(field.name)) return false;
  field.value = trimmed(line, colon + 1, line.size(), rules.trimSpaces);
  return true;
}

}  // namespace

ParsedHeaders parseHeaderBlock(const std::string& block, const HeaderRules& rules) {
  ParsedHeaders parsed;
  const std::string text = block.substr(0, block.find('\0'));
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of("\r\n", start);
    if (end == std::string::npos) end = text.size();
    if (end > start) {
      HeaderList::Field field;
      if (parseLine(text.substr(start, end - start), rules, field))
        parsed.fields.push_back(std::move(field));
      else
        parsed.malformed = true;
    }
    start = end + 1;
  }
  return parsed;
}

Error mergeHeader(HeaderList& list, const HeaderList::Field& field, unsigned flags, const HeaderRules& rules) {
  if (!isValidField(field)) return Error::InvalidParameter;
  const std::size_t existing = list.position(field.name);
  const bool found = existing != HeaderList::npos;
  if (found && (flags & kAddHeaderAddIfNew)) return Error::HeaderAlreadyExists;

  if (flags & kAddHeaderReplace) {
    if (!found) {
      if (!(flags & kAddHeaderAdd)) return Error::HeaderNotFound;
      list.add(field.name, field.value);
    } else if (field.value.empty()) {
      list.erase(existing);
    } else if (rules.replaceInPlace) {
      list.at(existing) = field;
    } else {
      list.erase(existing);
      list.add(field.name, field.value);
    }
    return Error::None;
  }

  if (found && (flags & (kAddHeaderCoalesceWithComma | kAddHeaderCoalesceWithSemicolon))) {
    std::string& value = list.at(existing).value;
    value += (flags & kAddHeaderCoalesceWithComma) ? ", " : "; ";
    value += field.value;
    return Error::None;
  }
  if (found && !(flags & kAddHeaderAdd) && !rules.duplicateWithoutAdd) return Error::HeaderAlreadyExists;
  list.add(field.name, field.value);
  return Error::None;
}

Error mergeHeaders(HeaderList& list, const std::vector<HeaderList::Field>& fields, unsigned flags,
                   const HeaderRules& rules) {
  for (const auto& field : fields) {
    if (!isValidField(field)) return Error::InvalidParameter;
  }
  for (const auto& field : fields) {
    const Error error = mergeHeader(list, field, flags, rules);
    if (error != Error::None) return error;
  }
  return Error::None;
}

Error mergeHeaderBlock(HeaderList& list, const std::string& block, unsigned flags, const HeaderRules& rules) {
  if (block.empty() || block.front() == '\0') return rules.emptyBlock;
  const ParsedHeaders parsed = parseHeaderBlock(block, rules);
  if (parsed.malformed) return rules.malformed;
  return mergeHeaders(list, parsed.fields, flags, rules);
}

}  // namespace hinternet
