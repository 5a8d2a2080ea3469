#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "handle_object.h"

namespace hinternet {

// The handle kinds an option applies to, as bits of a DLL's option table;
// kGlobal is the NULL handle (the process-wide options).
enum OptionKind : unsigned {
  kGlobal = 1,
  kSession = 2,
  kConnect = 4,
  kRequest = 8,
  kWebSocket = 16,
};

// A handle's bit; 0 for kinds that take no options.
inline unsigned optionKindBit(HandleKind kind) {
  switch (kind) {
    case HandleKind::Session: return kSession;
    case HandleKind::Connect: return kConnect;
    case HandleKind::Request: return kRequest;
    case HandleKind::WebSocket: return kWebSocket;
    case HandleKind::ProxyResolver: return 0;
  }
  return 0;
}

// The row with this id in an option table sorted by id (rows have an `id`
// member), or null.
template <class Def>
const Def* findSortedById(const std::vector<Def>& table, std::uint32_t id) {
  auto it = std::lower_bound(table.begin(), table.end(), id, [](const Def& d, std::uint32_t v) { return d.id < v; });
  return it != table.end() && it->id == id ? &*it : nullptr;
}

// The nearest handle of `kind` from `node` up its parents, or null.
inline HandleObject* ancestorOfKind(HandleObject* node, HandleKind kind) {
  while (node && node->kind() != kind) node = node->parent().get();
  return node;
}

}  // namespace hinternet
