// lightind: whole-timeline policy overrides (timeline.hpp).
#include "scenario/timeline.hpp"

#include <algorithm>
#include <cmath>

#include "lightind/description.hpp"
#include "lightind/scenario.hpp"

namespace lightind::detail {

namespace {

constexpr std::string_view kSuffix = "_investment_share";

/// The group ids of the tree: its `[[groups]]` ids when it has any, else the defaults.
std::vector<std::string> group_names(const Value* root) {
  std::vector<std::string> out;
  if (const Value* gs = root ? root->find("groups") : nullptr; gs && gs->is_array())
    for (const Value& g : gs->items)
      if (const std::string* id = g.is_table() ? g.id() : nullptr) out.push_back(*id);
  if (out.empty())
    for (const GroupDesc& g : default_groups()) out.push_back(g.id);
  return out;
}

Value number_value(double x) {
  Value v;
  v.kind = Value::Kind::floating;
  v.number = x;
  set_source(v, "--set", 0);
  return v;
}

/// Rewrites one `investment_share` table of the tree: every group present, `group` set to
/// `share`, the others rescaled (rescaled_shares).
void rescale_table(Value& table, const std::vector<std::string>& keys, const std::string& group, double share) {
  if (!table.is_table()) return;  // the validator reports it with its file and line
  std::vector<double> x(keys.size(), 0.0);
  for (size_t g = 0; g < keys.size(); ++g)
    if (const Value* v = table.find(keys[g]); v && v->is_number()) x[g] = v->as_double();
  const std::vector<double> y = rescaled_shares(keys, x, group, share);
  for (size_t g = 0; g < keys.size(); ++g) table.set(keys[g], number_value(y[g]));
}

}  // namespace

std::vector<std::string> timeline_keys(const Value* root) {
  std::vector<std::string> out;
  for (const std::string& g : group_names(root)) out.push_back("policy." + g + std::string(kSuffix));
  return out;
}

std::vector<double> rescaled_shares(const std::vector<std::string>& keys, const std::vector<double>& x,
                                    const std::string& group, double share) {
  double others = 0;
  for (size_t g = 0; g < keys.size(); ++g)
    if (keys[g] != group) others += x[g];
  std::vector<double> out(keys.size(), 0.0);
  const double n_others = static_cast<double>(keys.size()) - 1.0;
  for (size_t g = 0; g < keys.size(); ++g) {
    if (keys[g] == group)
      out[g] = share;
    else
      out[g] = others > 0 ? x[g] * (1.0 - share) / others : (1.0 - share) / n_others;
  }
  return out;
}

bool apply_timeline_set(Value& root, const std::string& key, const Value& value) {
  const std::vector<std::string> keys = timeline_keys(&root);
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) return false;
  const std::vector<std::string> groups = group_names(&root);
  const std::string group = key.substr(7, key.size() - 7 - kSuffix.size());  // after "policy."
  if (!value.is_number() || !std::isfinite(value.as_double()) || value.as_double() < 0 || value.as_double() > 1)
    throw ScenarioError("--set", 0, key,
                        "a share from 0 to 1 (the " + group +
                            " group's share of the investment fund in every period; the other groups are rescaled "
                            "in proportion)",
                        describe(value));
  const double share = value.as_double();
  Value* policy = root.find("policy");
  if (!policy) {
    Value t;
    t.file = "--set";
    policy = &root.set("policy", std::move(t));
  }
  if (!policy->is_table()) return true;  // the validator reports it
  Value* opening = policy->find("investment_share");
  if (!opening) {
    Value t;
    t.file = "--set";
    opening = &policy->set("investment_share", std::move(t));
  }
  rescale_table(*opening, groups, group, share);
  if (Value* events = policy->find("events"); events && events->is_array()) {
    for (Value& e : events->items) {
      if (!e.is_table()) continue;
      if (Value* s = e.find("investment_share")) rescale_table(*s, groups, group, share);
      if (Value* p = e.find("policy"); p && p->is_table())
        if (Value* s = p->find("investment_share")) rescale_table(*s, groups, group, share);
    }
  }
  return true;
}

}  // namespace lightind::detail
