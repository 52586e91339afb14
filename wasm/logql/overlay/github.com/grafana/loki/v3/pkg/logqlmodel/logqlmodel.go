// Size shim: the query result types (and through them Loki's result cache, Redis and memcached clients) are
// not needed to parse; only the constants the parser uses are kept, with Loki's values.
package logqlmodel

// ValueTypeStreams promql.ValueType for log streams
const ValueTypeStreams = "streams"

// PackedEntryKey is a special JSON key used by the pack promtail stage and unpack parser
const PackedEntryKey = "_entry"
