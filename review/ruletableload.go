package review

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
)

//go:generate go test -run ^TestRuleTable$ -update .

// The embedded rule files, decoded once more at every start, were the
// largest part of loading the rules (YAML: 6.7 % of a cold lawreview
// review's samples). ruletable.go holds them decoded — each file's Rule
// as the YAML decoder gives it, before compiling — written by
// `go generate ./review` and checked by TestRuleTable. The YAML stays the
// source: a file whose bytes are not the ones the table was made from (a
// rule edited since) is decoded from its YAML as before, so a stale table
// only costs time.

// ruleTableEntry is one embedded rule file, decoded.
type ruleTableEntry struct {
	name   string       // file name under rules/
	sum    string       // hex SHA-256 of the file the rule was decoded from
	decode func() *Rule // a fresh copy of the decoded rule
}

// decodedRule returns the embedded file name's rule from the table, or
// nil when the table does not hold data's version of it.
func decodedRule(name string, data []byte) *Rule {
	i := sort.Search(len(ruleTable), func(i int) bool { return ruleTable[i].name >= name })
	if i == len(ruleTable) || ruleTable[i].name != name {
		return nil
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != ruleTable[i].sum {
		return nil
	}
	return ruleTable[i].decode()
}
