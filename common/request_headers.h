#pragma once
#include <string>
#include <vector>

#include "error.h"
#include "header_list.h"

namespace hinternet {

// Modifiers of HttpAddRequestHeaders and WinHttpAddRequestHeaders; the two
// DLLs use the same values.
enum AddHeaderFlags : unsigned {
  kAddHeaderAdd = 0x20000000,
  kAddHeaderAddIfNew = 0x10000000,
  kAddHeaderCoalesceWithComma = 0x40000000,  // also plain COALESCE
  kAddHeaderCoalesceWithSemicolon = 0x01000000,
  kAddHeaderReplace = 0x80000000,
};

// Where the two DLLs part ways when they read and merge request headers.
struct HeaderRules {
  // WinINet strips spaces around a name and after a value; WinHTTP refuses a
  // name with spaces and keeps a value's trailing spaces.
  bool trimSpaces;
  // WinHTTP replaces a header where it stands; WinINet removes it and
  // appends the new value at the end.
  bool replaceInPlace;
  // Without ADD, a name already present is added again by WinHTTP and
  // refused (HeaderAlreadyExists) by WinINet.
  bool duplicateWithoutAdd;
  // What a line that is no header ("cd", ": x", "a b: c") fails with.
  Error malformed;
  // What a block with no characters at all fails with (WinINet refuses it,
  // WinHTTP accepts it as nothing to add).
  Error emptyBlock;

  static const HeaderRules& winHttp();
  static const HeaderRules& winInet();
};

// The fields of a block of header lines. Lines end at CR or LF (any mix;
// blank lines are skipped) and the text ends at its first NUL, so a parsed
// name or value never holds CR, LF or NUL.
struct ParsedHeaders {
  std::vector<HeaderList::Field> fields;
  bool malformed = false;  // some non-blank line was no valid header
};
ParsedHeaders parseHeaderBlock(const std::string& block, const HeaderRules& rules);

// Merges one field into `list` under `flags`. A name that is no HTTP token or
// a name or value holding CR, LF or NUL (header injection) is refused with
// InvalidParameter and changes nothing.
Error mergeHeader(HeaderList& list, const HeaderList::Field& field, unsigned flags, const HeaderRules& rules);

// Merges fields in order, as WinHttpAddRequestHeadersEx does. Any refused
// field refuses them all before anything is merged; otherwise the first
// field that fails to merge stops the rest (those before it stay merged).
Error mergeHeaders(HeaderList& list, const std::vector<HeaderList::Field>& fields, unsigned flags,
                   const HeaderRules& rules);

// Merges a block of header lines as the AddRequestHeaders functions do: like
// mergeHeaders, with a malformed line refusing the whole block.
Error mergeHeaderBlock(HeaderList& list, const std::string& block, unsigned flags, const HeaderRules& rules);

}  // namespace hinternet
