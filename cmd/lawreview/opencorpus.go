package main

import (
	"fmt"

	"lawreview/corpus"
)

// openCorpus returns the body of law commands look articles up in: the
// collection in dir when given (Markdown, .docx or .txt files, read now),
// else the default corpus built into the binary. The report is nil unless
// files were read.
func openCorpus(dir string) (*corpus.Corpus, *corpus.Report, error) {
	if dir == "" {
		c, err := corpus.Default()
		if err != nil {
			return nil, nil, fmt.Errorf("读取内置法律库失败：%w", err)
		}
		return c, nil, nil
	}
	c, r, err := corpus.Load(dir)
	if err != nil {
		return nil, r, err
	}
	return c, r, nil
}
