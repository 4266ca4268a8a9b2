package script

import "sort"

// sortedKeys returns a map's keys in order, for the few places we build Lua
// tables from Go maps and need a fixed insertion order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
