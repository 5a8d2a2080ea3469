#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "handle_object.h"

namespace hinternet {

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
