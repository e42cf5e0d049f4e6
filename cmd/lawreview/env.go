package main

import (
	"fmt"
	"io"

	"lawreview/index"
	"lawreview/review"
)

// env is what a reviewing command needs from the data directory: the laws
// that basis articles and citations resolve against, and the index that
// finds related articles.
type env struct {
	laws    review.LawSource
	related review.RelatedFinder
	ix      *index.Index
}

func (e *env) Close() {
	if e.ix != nil {
		e.ix.Close()
	}
}

// openEnv prepares the data directory (jieba dictionaries unpacked under
// <data>/dict, the law index built on first use) and returns the laws and
// the index. With corpusDir, citations and basis articles resolve against
// that folder, read now; related articles still come from the data
// directory's index (`lawreview corpus import` puts a folder there for good).
// An index built from another corpus (a new binary's, or laws imported
// again) is rebuilt first, said in one line on stderr.
func openEnv(data, corpusDir string, stderr io.Writer) (*env, error) {
	store := newStore(data, stderr)
	// openCorpus's errors already name the folder or the data directory.
	c, _, err := openCorpus(data, corpusDir)
	if err != nil {
		return nil, err
	}
	e := &env{laws: c}
	// The index reads its texts from the data directory's corpus, which
	// c is unless a folder was named.
	ic := c
	if corpusDir != "" {
		ic = nil
	}
	ix, err := store.Open(ic, nil)
	if err != nil {
		return nil, fmt.Errorf("打开法律索引失败：%w", err)
	}
	e.ix, e.related = ix, ix
	return e, nil
}

// newStore is the store of a data directory whose Open says on stderr why
// it rebuilds the index, so that a command that waits says why.
func newStore(data string, stderr io.Writer) *index.Store {
	s := index.NewStore(data)
	s.Notice = func(msg string) { fmt.Fprintln(stderr, msg) }
	return s
}
