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

// imported reports whether the data directory holds laws beyond the
// default corpus, so messages can say which corpus was used.
func imported(data string) bool {
	laws, err := index.NewStore(data).Imported()
	return err == nil && len(laws) > 0
}
