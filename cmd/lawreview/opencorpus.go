package main

import (
	"fmt"

	"lawreview/corpus"
	"lawreview/index"
)

// openCorpus returns the body of law commands look articles up in: the
// collection in dir when given (Markdown, .docx or .txt files, read now),
// else the data directory's corpus: the default corpus built into the
// binary plus whatever `lawreview corpus import` added there. The report is
// nil unless files were read.
func openCorpus(data, dir string) (*corpus.Corpus, *corpus.Report, error) {
	if dir == "" {
		c, err := index.NewStore(data).Corpus()
		if err != nil {
			return nil, nil, fmt.Errorf("读取法律库失败：%w", err)
		}
		return c, nil, nil
	}
	c, r, err := corpus.Load(dir)
	if err != nil {
		return nil, r, err
	}
	return c, r, nil
}

// hasImported reports whether c holds laws beyond the default corpus, so
// messages can say which corpus was used. It is read off the laws already
// loaded: the imported snapshot can be a hundred megabytes, not worth
// decoding a second time for a message.
func hasImported(c *corpus.Corpus) bool {
	for _, l := range c.Laws() {
		if l.Source != corpus.DefaultSource {
			return true
		}
	}
	return false
}
