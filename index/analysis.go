package index

import (
	"bufio"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"

	"lawreview/corpus/segment"
)

// Names under which the analysis parts are registered in bleve's registry.
// bleve saves the mapping inside the index and rebuilds the analyzer from
// these names when the index is opened, so every binary that opens an index
// must link this package (its init registers them) and the names must never
// change for an index already on disk.
const (
	TokenizerName  = "lawreview_jieba"
	PunctFilter    = "lawreview_punct"
	StopFilterName = "lawreview_zh_stop"
	AnalyzerName   = "lawreview_zh"
	// The tags field: one term per line, taken as written.
	LinesTokenizerName = "lawreview_lines"
	TagsAnalyzerName   = "lawreview_tags"
)

//go:embed stopwords.txt
var stopwordsTxt string

// stopWords is the function-word list of stopwords.txt.
var stopWords = parseWordList(stopwordsTxt)

func parseWordList(s string) map[string]bool {
	out := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w == "" || strings.HasPrefix(w, "#") {
			continue
		}
		out[w] = true
	}
	return out
}

func init() {
	// The registry panics on duplicate names; init runs once per process.
	registry.RegisterTokenizer(TokenizerName, newJiebaTokenizer)
	registry.RegisterTokenFilter(PunctFilter, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return punctFilter{}, nil
	})
	registry.RegisterTokenFilter(StopFilterName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return stopFilter{words: stopWords}, nil
	})
	registry.RegisterAnalyzer(AnalyzerName, newAnalyzer)
	registry.RegisterTokenizer(LinesTokenizerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return linesTokenizer{}, nil
	})
	registry.RegisterAnalyzer(TagsAnalyzerName, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
		tok, err := cache.TokenizerNamed(LinesTokenizerName)
		if err != nil {
			return nil, err
		}
		return &analysis.DefaultAnalyzer{Tokenizer: tok}, nil
	})
}

// linesTokenizer makes each non-empty line one token: tags hold law names
// and ids, which may contain spaces and punctuation but never a newline.
type linesTokenizer struct{}

func (linesTokenizer) Tokenize(input []byte) analysis.TokenStream {
	var out analysis.TokenStream
	start := 0
	for i := 0; i <= len(input); i++ {
		if i < len(input) && input[i] != '\n' {
			continue
		}
		if i > start {
			out = append(out, &analysis.Token{Start: start, End: i, Term: input[start:i:i],
				Position: len(out) + 1, Type: analysis.AlphaNumeric})
		}
		start = i + 1
	}
	return out
}

// jiebaTokenizer cuts text in jieba's search mode with the process-wide
// segmenter. It holds no absolute path: the segmenter is found through
// segment.Shared, so an index moved to another machine still opens.
type jiebaTokenizer struct {
	seg   *segment.Segmenter
	parts sync.Map // word -> []longPart, see longParts
}

// longPart is a dictionary word inside a longer word, with its offsets in
// the longer word in runes and in bytes.
type longPart struct {
	text               string
	start, end         int // runes
	startByte, endByte int
}

func newJiebaTokenizer(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
	seg, err := segment.Shared()
	if err != nil {
		return nil, fmt.Errorf("load jieba for tokenizer %s: %w", TokenizerName, err)
	}
	return &jiebaTokenizer{seg: seg}, nil
}

// Tokenize emits search-mode tokens with byte offsets. Positions follow the
// precise segmentation: every precise word gets the next position and the
// shorter dictionary words jieba finds inside it (共和国 inside
// 中华人民共和国, 罚款 inside a longer compound) share that position. A query
// cut the same way therefore lines up word for word with the text, and a
// phrase built from it accepts at each position either the long word or one
// of its parts. Whitespace is dropped here; punctuation by lawreview_punct.
func (t *jiebaTokenizer) Tokenize(input []byte) analysis.TokenStream {
	if len(input) == 0 {
		return nil
	}
	text := string(input)
	folded := foldWidth(text)
	toks := t.seg.CutForSearch(folded)
	toks = t.addLongParts(folded, toks)
	var terms []byte // term bytes: the input itself unless folding changed it
	if folded == text {
		terms = input
	}
	return tokensToStream(text, terms, toks)
}

// longPartMin is the shortest word whose inner words addLongParts looks
// for: jieba's search mode already emits the two- and three-character
// dictionary words inside a longer word, but never four or more, so
// 村规民约 was lost inside 本村规民约 and 人民共和国 inside 中华人民共和国.
const longPartMin = 5

// addLongParts appends, for every word of longPartMin runes or more, the
// dictionary words of four runes up to one less than the word that it
// contains. Which words those are depends only on the word, so the answer
// is cached for the process: long words repeat endlessly in legal text.
func (t *jiebaTokenizer) addLongParts(text string, toks []segment.Token) []segment.Token {
	n := len(toks)
	for i := 0; i < n; i++ {
		tk := toks[i]
		if tk.End-tk.Start < longPartMin {
			continue
		}
		for _, p := range t.longParts(tk.Text) {
			toks = append(toks, segment.Token{Text: p.text, Start: tk.Start + p.start, End: tk.Start + p.end})
		}
	}
	return toks
}

func (t *jiebaTokenizer) longParts(word string) []longPart {
	if v, ok := t.parts.Load(word); ok {
		return v.([]longPart)
	}
	rs := []rune(word)
	var out []longPart
	for l := len(rs) - 1; l >= 4; l-- {
		for i := 0; i+l <= len(rs); i++ {
			sub := string(rs[i : i+l])
			if c := t.seg.Cut(sub); len(c) == 1 && c[0].Text == sub {
				sb := len(string(rs[:i]))
				out = append(out, longPart{text: sub, start: i, end: i + l, startByte: sb, endByte: sb + len(sub)})
			}
		}
	}
	t.parts.Store(word, out)
	return out
}

// indexAnalyzer is lawreview_zh as the index builder needs it: the same
// terms, each as many times, and so the same field length, but no offsets,
// positions or order, which the index does not keep (no term vectors).
// Skipping them, and cutting with jieba's own byte offsets, saves the
// sort, two offset conversions and three filter passes per article. Queries
// and highlighting keep the full analyzer; TestArticleDocMatchesMapping
// checks both give the same terms on every article of the default corpus.
//
// One indexAnalyzer serves one goroutine (fork gives another its own): it
// reuses its token slices from one text to the next, so the stream it
// returns is valid until its next Analyze. A build analyses 150,000
// articles, and these slices were a quarter of all it allocated.
type indexAnalyzer struct {
	t      *jiebaTokenizer
	cut    *segment.ByteCutter
	lower  analysis.TokenFilter
	folded [][]byte // cutAll's texts, width-folded
	texts  []string // the same as strings
	ends   []int    // where each text's words end in toks
	toks   []segment.Token
	arr    []analysis.Token
	out    analysis.TokenStream
}

// newIndexAnalyzer returns the index-time form of an analyzer obtained
// from Analyzer().
func newIndexAnalyzer(an analysis.Analyzer) (*indexAnalyzer, error) {
	da, ok := an.(*analysis.DefaultAnalyzer)
	if !ok {
		return nil, fmt.Errorf("analyzer %s is a %T", AnalyzerName, an)
	}
	t, ok := da.Tokenizer.(*jiebaTokenizer)
	if !ok {
		return nil, fmt.Errorf("analyzer %s tokenizes with a %T", AnalyzerName, da.Tokenizer)
	}
	return &indexAnalyzer{t: t, cut: t.seg.NewByteCutter(), lower: lowercase.NewLowerCaseFilter()}, nil
}

// fork returns an analyzer like a for another goroutine.
func (a *indexAnalyzer) fork() *indexAnalyzer {
	return &indexAnalyzer{t: a.t, cut: a.t.seg.NewByteCutter(), lower: a.lower}
}

func (a *indexAnalyzer) Analyze(input []byte) analysis.TokenStream {
	a.cutAll([][]byte{input})
	return a.stream(0)
}

// cutAll folds and cuts inputs, all in one call into jieba (see
// ByteCutter.AppendCutForSearchAll), for stream to filter one by one.
func (a *indexAnalyzer) cutAll(inputs [][]byte) {
	// Terms slice the folded texts: the stored value itself, which nothing
	// writes to, or its folded copy, made once per article and kept by the
	// terms.
	a.folded, a.texts = a.folded[:0], a.texts[:0]
	for _, in := range inputs {
		b := foldWidthBytes(in)
		a.folded = append(a.folded, b)
		a.texts = append(a.texts, unsafe.String(unsafe.SliceData(b), len(b)))
	}
	a.toks, a.ends = a.cut.AppendCutForSearchAll(a.toks[:0], a.ends[:0], a.texts)
	clear(a.texts) // the terms keep the folded bytes; a has no need to
}

// stream is the token stream of cutAll's input k, valid until the next
// call of stream or Analyze.
func (a *indexAnalyzer) stream(k int) analysis.TokenStream {
	b := a.folded[k]
	a.folded[k] = nil
	if len(b) == 0 {
		return nil
	}
	start := 0
	if k > 0 {
		start = a.ends[k-1]
	}
	toks := a.toks[start:a.ends[k]]
	arr := a.arr[:0]
	add := func(word string, start, end int) {
		if start < 0 || start >= end || end > len(b) {
			return
		}
		term := b[start:end:end]
		if allHan(term) {
			// Neither blank, punctuation nor cased: only the stop list
			// can drop it. Most terms are this.
			if !maybeStopWord(term) || !stopWords[string(term)] {
				arr = append(arr, analysis.Token{Term: term, Type: analysis.Ideographic})
			}
			return
		}
		if isBlank(word) {
			return
		}
		if needsLower(term) {
			// Overlapping terms share bytes: lower a copy.
			tok := &analysis.Token{Term: append([]byte(nil), term...)}
			a.lower.Filter(analysis.TokenStream{tok})
			term = tok.Term
		}
		if isPunct(term) || stopWords[string(term)] {
			return
		}
		arr = append(arr, analysis.Token{Term: term, Type: tokenType(word)})
	}
	for _, tk := range toks {
		add(tk.Text, tk.Start, tk.End)
		if len(tk.Text) >= longPartMin && utf8.RuneCountInString(tk.Text) >= longPartMin {
			for _, p := range a.t.longParts(tk.Text) {
				add(p.text, tk.Start+p.startByte, tk.Start+p.endByte)
			}
		}
	}
	a.arr = arr
	out := a.out[:0]
	for i := range arr {
		out = append(out, &arr[i])
	}
	a.out = out
	return out
}

// allHan reports whether term is made only of CJK unified ideographs
// U+4E00–U+9FFF (three bytes each, lead byte E4 with second byte from B8,
// or E5–E9): characters that are not blank, punctuation or symbols and
// have no case, so the analyzer's filters keep them as they are.
func allHan(term []byte) bool {
	if len(term) == 0 || len(term)%3 != 0 {
		return false
	}
	for i := 0; i < len(term); i += 3 {
		c0, c1, c2 := term[i], term[i+1], term[i+2]
		if c0 < 0xE4 || c0 > 0xE9 || c0 == 0xE4 && c1 < 0xB8 ||
			c1&0xC0 != 0x80 || c2&0xC0 != 0x80 {
			return false
		}
	}
	return true
}

// needsLower reports whether the lower-case filter would change term.
func needsLower(term []byte) bool {
	for i := 0; i < len(term); {
		c := term[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return true
			}
			i++
			continue
		}
		r, w := utf8.DecodeRune(term[i:])
		if unicode.ToLower(r) != r {
			return true
		}
		i += w
	}
	return false
}

// tokensToStream turns segmenter tokens (rune offsets into text) into a
// bleve token stream with byte offsets and positions. terms, when not nil,
// is text as bytes, and terms are sliced from it instead of copied (bleve
// copies stored values before analysis, so the slices stay valid).
func tokensToStream(text string, terms []byte, toks []segment.Token) analysis.TokenStream {
	// Search mode emits the parts of a word before the word; sort so the
	// covering word comes first and its parts follow, then group.
	slices.SortStableFunc(toks, func(a, b segment.Token) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	arr := make([]analysis.Token, 0, len(toks))
	pos, groupEnd := 0, -1
	// Walk text once: tokens are sorted by start, and an end is never more
	// than a word past its start.
	runeIdx, byteIdx := 0, 0
	for _, tk := range toks {
		if tk.Start < runeIdx || tk.Start >= tk.End {
			// Start behind the cursor: parts of the same word restart at
			// or after the word's start, so rewind to it.
			if tk.Start >= tk.End || tk.Start < 0 {
				continue
			}
			runeIdx, byteIdx = 0, 0
		}
		for runeIdx < tk.Start && byteIdx < len(text) {
			_, w := utf8.DecodeRuneInString(text[byteIdx:])
			byteIdx += w
			runeIdx++
		}
		if runeIdx < tk.Start {
			break // offsets past the text: never from jieba
		}
		startByte, endByte := byteIdx, byteIdx
		for r := tk.Start; r < tk.End && endByte < len(text); r++ {
			_, w := utf8.DecodeRuneInString(text[endByte:])
			endByte += w
		}
		if tk.Start >= groupEnd {
			pos++
			groupEnd = tk.End
		} else if tk.End > groupEnd {
			groupEnd = tk.End
		}
		if isBlank(tk.Text) {
			continue
		}
		var term []byte
		if terms != nil {
			term = terms[startByte:endByte:endByte]
		} else {
			term = []byte(tk.Text)
		}
		arr = append(arr, analysis.Token{
			Start:    startByte,
			End:      endByte,
			Term:     term,
			Position: pos,
			Type:     tokenType(tk.Text),
		})
	}
	out := make(analysis.TokenStream, len(arr))
	for i := range arr {
		out[i] = &arr[i]
	}
	return out
}

func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && r != '\u3000' && r != '\ufeff' {
			return false
		}
	}
	return true
}

func tokenType(s string) analysis.TokenType {
	r, _ := utf8.DecodeRuneInString(s)
	switch {
	case unicode.Is(unicode.Han, r):
		return analysis.Ideographic
	case unicode.IsDigit(r):
		return analysis.Numeric
	}
	return analysis.AlphaNumeric
}

// punctFilter drops tokens made only of punctuation, symbols or spaces:
// jieba returns every ，。、《》 as a token of its own.
type punctFilter struct{}

func (punctFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		if !isPunct(t.Term) {
			out = append(out, t)
		}
	}
	return out
}

func isPunct(term []byte) bool {
	for _, r := range string(term) {
		if !unicode.IsPunct(r) && !unicode.IsSymbol(r) && !unicode.IsSpace(r) && r != '\ufeff' {
			return false
		}
	}
	return true
}

// stopFilter drops the function words of stopwords.txt. Positions are kept,
// so a phrase across a dropped word still needs the gap.
type stopFilter struct{ words map[string]bool }

func (f stopFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		if !f.words[string(t.Term)] {
			out = append(out, t)
		}
	}
	return out
}

// newAnalyzer assembles lawreview_zh from registered parts: jieba search
// mode over width-folded text (２００元 and 200元 meet), lower case for Latin
// letters, punctuation and function words out.
func newAnalyzer(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
	tok, err := cache.TokenizerNamed(TokenizerName)
	if err != nil {
		return nil, err
	}
	var filters []analysis.TokenFilter
	for _, name := range []string{lowercase.Name, PunctFilter, StopFilterName} {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, fmt.Errorf("analyzer %s: token filter %s: %w", AnalyzerName, name, err)
		}
		filters = append(filters, f)
	}
	return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: filters}, nil
}

var (
	defaultCache = registry.NewCache()
)

// Analyzer returns the lawreview_zh analyzer (loading jieba on first use).
// Queries go through the same analyzer as the documents.
func Analyzer() (analysis.Analyzer, error) {
	return defaultCache.AnalyzerNamed(AnalyzerName)
}

// foldWidth maps full-width ASCII (２００元, ＡＢＣ) and the ideographic
// space to their half-width forms rune for rune. Folding before jieba, not
// after, matters: jieba cuts ２００ into three one-digit words but 200 into
// one, so only folding first lets 200元 find ２００元. Rune offsets are
// unchanged, so they still index the original text.
func foldWidth(s string) string { return segment.FoldWidth(s) }

// foldWidthBytes is foldWidth on the bytes of an index text, in one pass
// and one allocation: the fold changes nearly every article (the
// full-width comma ， is U+FF0C), and strings.Map after a rune-by-rune
// search, with a string copy before and a byte copy after, was a sixth of
// the build's own analysis. It returns in itself when nothing folds.
// Invalid UTF-8, which strings.Map rewrites as U+FFFD, goes through
// foldWidth so the terms stay the same.
func foldWidthBytes(in []byte) []byte {
	i := 0
	for ; i+2 < len(in); i++ {
		if foldsAt(in, i) {
			break
		}
	}
	if i+2 >= len(in) {
		return in
	}
	if !utf8.Valid(in) {
		return []byte(foldWidth(string(in)))
	}
	out := make([]byte, 0, len(in))
	last := 0 // in[last:i] is still to copy
	for i+2 < len(in) {
		if !foldsAt(in, i) {
			i++
			continue
		}
		out = append(out, in[last:i]...)
		switch c1, c2 := in[i+1], in[i+2]; {
		case c1 == 0x80: // U+3000
			out = append(out, ' ')
		case c1 == 0xBC: // U+FF01–U+FF3F
			out = append(out, c2-0x81+'!')
		default: // U+FF40–U+FF5E
			out = append(out, c2-0x80+'`')
		}
		i += 3
		last = i
	}
	return append(out, in[last:]...)
}

// foldsAt reports whether in[i:i+3] is U+3000 (E3 80 80) or a full-width
// ASCII form U+FF01–U+FF5E (EF BC 81–EF BC BF, EF BD 80–EF BD 9E).
func foldsAt(in []byte, i int) bool {
	switch in[i] {
	case 0xE3:
		return in[i+1] == 0x80 && in[i+2] == 0x80
	case 0xEF:
		c1, c2 := in[i+1], in[i+2]
		return c1 == 0xBC && c2 >= 0x81 && c2 <= 0xBF || c1 == 0xBD && c2 >= 0x80 && c2 <= 0x9E
	}
	return false
}

// stopLead marks the Han characters (U+4E00–U+9FFF, by offset) that begin
// a stop word of one or two characters: nearly every term of an article is
// Han, and most begin with none of them, so a bit test spares the map
// lookup.
var stopLead = func() (set [(0x9FFF - 0x4E00 + 64) / 64]uint64) {
	for w := range stopWords {
		r, _ := utf8.DecodeRuneInString(w)
		if r >= 0x4E00 && r <= 0x9FFF {
			k := r - 0x4E00
			set[k/64] |= 1 << (k % 64)
		}
	}
	return set
}()

// stopMaxLen is the byte length of the longest stop word.
var stopMaxLen = func() (n int) {
	for w := range stopWords {
		n = max(n, len(w))
	}
	return n
}()

// maybeStopWord reports whether term, made only of Han characters
// (allHan), might be a stop word: no longer than the longest, its first
// character marked in stopLead.
func maybeStopWord(term []byte) bool {
	if len(term) > stopMaxLen {
		return false
	}
	k := (rune(term[0])&0x0F)<<12 | (rune(term[1])&0x3F)<<6 | rune(term[2])&0x3F - 0x4E00
	return stopLead[k/64]&(1<<(k%64)) != 0
}
