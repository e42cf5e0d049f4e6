package segment

// Span is a stretch of text in rune offsets.
type Span struct {
	Start, End int
	Text       string
}

func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '；', '！', '？', ';', '!', '?', '\n':
		return true
	}
	return false
}

func isClauseEnd(r rune) bool {
	switch r {
	case '，', ',', '：', ':', '、':
		return true
	}
	return isSentenceEnd(r)
}

// Sentences splits text on 。；！？ and line ends. Each span keeps its closing
// punctuation (not the newline) and drops surrounding whitespace, so quotes
// built from spans read as in the original. Empty spans are skipped.
func Sentences(text string) []Span { return splitOn(text, isSentenceEnd) }

// Clauses splits further on ，：and 、, for rules whose match must stay
// within one clause.
func Clauses(text string) []Span { return splitOn(text, isClauseEnd) }

func splitOn(text string, end func(rune) bool) []Span {
	runes := []rune(text)
	var out []Span
	start := 0
	emit := func(s, e int) {
		for s < e && isSpace(runes[s]) {
			s++
		}
		for e > s && isSpace(runes[e-1]) {
			e--
		}
		if e > s {
			out = append(out, Span{Start: s, End: e, Text: string(runes[s:e])})
		}
	}
	for i, r := range runes {
		if !end(r) {
			continue
		}
		stop := i + 1
		if r == '\n' {
			stop = i
		} else {
			// Keep closing quotes and brackets with their sentence: 。”
			for stop < len(runes) && isCloser(runes[stop]) {
				stop++
			}
		}
		if stop <= start {
			if r == '\n' {
				start = i + 1
			}
			continue
		}
		emit(start, stop)
		start = stop
		if r == '\n' {
			start = i + 1
		}
	}
	emit(start, len(runes))
	return out
}

func isCloser(r rune) bool {
	switch r {
	case '”', '’', '」', '』', '）', ')', '》':
		return true
	}
	return false
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\r', '\n', '\u3000', '\u00a0':
		return true
	}
	return false
}
