package review

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
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
// only costs time. After a merge that renames or removes a field of Rule
// (or of a type under it), ruletable.go may not compile, and then neither
// does its generator: replace it with
//
//	package review
//
//	var ruleTable = [...]ruleTableEntry{}
//
// and run go generate ./review.

// ruleTableEntry is one embedded rule file, decoded.
type ruleTableEntry struct {
	name   string       // file name under rules/
	sum    string       // hex SHA-256 of the file the rule was decoded from
	decode func() *Rule // a fresh copy of the decoded rule
}

// ruleTableReader takes rules from the table (decoded), hashing each
// file in pieces through one buffer rather than reading it whole.
type ruleTableReader struct {
	buf []byte
}

// decoded returns the rule of file name of fsys (the embedded rules) from
// the table, or nil when the table does not hold the file's version of it
// or the file cannot be read.
func (t *ruleTableReader) decoded(fsys fs.FS, name string) *Rule {
	i := sort.Search(len(ruleTable), func(i int) bool { return ruleTable[i].name >= name })
	if i == len(ruleTable) || ruleTable[i].name != name {
		return nil
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	if t.buf == nil {
		t.buf = make([]byte, 16<<10)
	}
	h := sha256.New()
	if _, err := io.CopyBuffer(h, f, t.buf); err != nil {
		return nil
	}
	if hex.EncodeToString(h.Sum(nil)) != ruleTable[i].sum {
		return nil
	}
	return ruleTable[i].decode()
}
