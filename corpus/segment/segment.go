// Package segment cuts Chinese text into words with jieba and into sentences
// and clauses, always reporting rune offsets into the text it was given.
//
// jieba's dictionaries ship inside the binary: gojieba locates its own files
// through the path of its source at build time, which does not exist on the
// machine the binary is copied to. Open unpacks them once into a directory
// and loads them from there.
package segment

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yanyiwu/gojieba"

	"lawreview/corpus/atomicfile"
)

//go:embed dict/*.gz dict/legal.dict.utf8 dict/split.txt
var dictFS embed.FS

// Token is one word with its rune offsets in the segmented text.
type Token struct {
	Text  string
	Start int // rune offset, inclusive
	End   int // rune offset, exclusive
}

// Segmenter wraps jieba. Loading the whole dictionary costs about 0.7 s
// and over 100 MB, so the process shares one segmenter (see Shared); a
// subset segmenter (OpenSubset) loads only the words of the texts it cuts
// and cuts them the same way. Cutting is safe from many goroutines.
type Segmenter struct {
	jieba *gojieba.Jieba // the whole dictionary, never changed after loading
	sub   *subset        // or the words cut so far (subset.go)
	dir   string
}

// Open unpacks the embedded dictionaries into dir (once; a later call with
// the same dictionaries reuses them) and loads jieba from there.
func Open(dir string) (*Segmenter, error) {
	paths, err := unpack(dir)
	if err != nil {
		return nil, fmt.Errorf("unpack jieba dictionaries into %s: %w", dir, err)
	}
	return &Segmenter{jieba: gojieba.NewJieba(paths[:]...), dir: dir}, nil
}

// Dir is the directory the dictionaries were loaded from.
func (s *Segmenter) Dir() string { return s.dir }

// Cut segments text in precise mode: each rune belongs to exactly one token.
// Rules match on these tokens.
func (s *Segmenter) Cut(text string) []Token {
	return s.tokens(text, gojieba.DefaultMode)
}

// CutForSearch segments text in search mode: long words are also emitted
// as their shorter dictionary words, so 罚款 is found inside 违者罚款. Tokens
// may overlap. The index uses this mode for documents and queries alike.
func (s *Segmenter) CutForSearch(text string) []Token {
	return s.tokens(text, gojieba.SearchMode)
}

// CutForSearchBytes is CutForSearch with BYTE offsets into text in Start
// and End instead of rune offsets. It is for callers that slice the text
// themselves: the index builder analyses every article of the corpus, and
// converting to rune offsets and back was a tenth of its analysis time.
func (s *Segmenter) CutForSearchBytes(text string) []Token {
	return s.AppendCutForSearchBytes(nil, text)
}

// AppendCutForSearchBytes is CutForSearchBytes appending to dst, so that
// a caller cutting many texts one after the other reuses one slice.
func (s *Segmenter) AppendCutForSearchBytes(dst []Token, text string) []Token {
	if text == "" {
		return dst
	}
	if strings.IndexByte(text, 0) >= 0 {
		text = strings.ReplaceAll(text, "\x00", " ") // same byte length
	}
	for _, w := range s.tokenize(text, gojieba.SearchMode) {
		dst = append(dst, Token{Text: w.Str, Start: w.Start, End: w.End})
	}
	return dst
}

func (s *Segmenter) tokenize(text string, mode gojieba.TokenizeMode) []gojieba.Word {
	if s.sub != nil {
		return s.sub.tokenize(text, mode)
	}
	return s.jieba.Tokenize(text, mode, true)
}

func (s *Segmenter) tokens(text string, mode gojieba.TokenizeMode) []Token {
	if text == "" {
		return nil
	}
	// cppjieba works on NUL-terminated C strings; an embedded NUL would cut
	// the text short and desynchronise offsets, so it is replaced by a space
	// of the same byte length.
	if strings.IndexByte(text, 0) >= 0 {
		text = strings.ReplaceAll(text, "\x00", " ")
	}
	words := s.tokenize(text, mode)
	out := make([]Token, 0, len(words))
	// Convert byte offsets to rune offsets in one pass; search mode emits
	// tokens out of order, so keep a byte->rune map only when needed.
	var runeAt []int
	if mode == gojieba.SearchMode || !utf8.ValidString(text) {
		runeAt = byteToRune(text)
	}
	pos, runePos := 0, 0
	for _, w := range words {
		var start, end int
		if runeAt != nil {
			start, end = runeAt[w.Start], runeAt[w.End]
		} else {
			runePos += utf8.RuneCountInString(text[pos:w.Start])
			start = runePos
			runePos += utf8.RuneCountInString(w.Str)
			end = runePos
			pos = w.End
		}
		out = append(out, Token{Text: w.Str, Start: start, End: end})
	}
	return out
}

// byteToRune maps every byte offset (and len(text)) to the rune offset of
// the rune it belongs to.
func byteToRune(text string) []int {
	m := make([]int, len(text)+1)
	r := 0
	for i := range text {
		m[i] = r
		r++
	}
	// Continuation bytes point at their rune's index.
	last := 0
	for i := 0; i < len(text); i++ {
		if utf8.RuneStart(text[i]) {
			last = m[i]
		} else {
			m[i] = last
		}
	}
	m[len(text)] = r
	return m
}

var (
	sharedMu     sync.Mutex
	sharedSeg    *Segmenter
	sharedDir    string
	sharedSubset bool
)

// SetSubset makes Shared return a subset segmenter (OpenSubset): for
// commands that cut one document and exit, where loading the whole
// dictionary would be most of their time. It has no effect once Shared
// has loaded.
func SetSubset() {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	sharedSubset = true
}

// SetDir chooses where Shared unpacks the dictionaries (the CLI passes
// <data>/dict). It has no effect once Shared has loaded.
func SetDir(dir string) {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if sharedSeg == nil {
		sharedDir = dir
	}
}

// Shared returns the process-wide segmenter, loading it on first use from
// the directory given to SetDir, else from the user's cache directory.
func Shared() (*Segmenter, error) {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if sharedSeg != nil {
		return sharedSeg, nil
	}
	dir := sharedDir
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil || base == "" {
			base = os.TempDir()
		}
		dir = filepath.Join(base, "lawreview", "dict")
	}
	open := Open
	if sharedSubset {
		open = OpenSubset
	}
	s, err := open(dir)
	if err != nil {
		return nil, err
	}
	sharedSeg = s
	return s, nil
}

// MustShared is Shared for callers that cannot continue without a
// segmenter (bleve's tokenizer constructor has no error path for it).
func MustShared() *Segmenter {
	s, err := Shared()
	if err != nil {
		panic(err)
	}
	return s
}

// dictNames are jieba's five dictionaries in the order NewJieba takes them.
var dictNames = [5]string{"jieba.dict.utf8", "hmm_model.utf8", "user.dict.utf8", "idf.utf8", "stop_words.utf8"}

// tableName is the word table of the main dictionary (words.go).
const tableName = "words.idx"

// dictSources are the embedded files each dictionary is made from.
var dictSources = []string{"dict/jieba.dict.utf8.gz", "dict/split.txt", "dict/hmm_model.utf8.gz", "dict/legal.dict.utf8"}

// The idf and stop-word lists serve only cppjieba's keyword extractor,
// which lawreview never calls (the index has its own stop words), but
// jieba loads them whatever: the stock idf list alone took 17 MB and a
// tenth of a second at every start. One line each is what the extractor
// needs to load.
const (
	idfPlaceholder  = "法律 10.0\n"
	stopPlaceholder = "的\n"
)

// readyName marks a version directory whose dictionaries are all written.
const readyName = "READY"

// unpack writes the dictionaries into a version directory named after the
// hash of the embedded files, so a binary with other dictionaries never
// reads stale files. Each file is written through a temporary file and
// rename, and the directory is marked ready last, so a crash never leaves a
// half-written dictionary that cppjieba would load (it aborts on bad
// input). Once ready, a start only hashes the compressed embedded files
// (about 2 MB) instead of inflating and comparing 6 MB of dictionaries.
func unpack(dir string) ([5]string, error) {
	var paths [5]string
	// The sources are hashed in pieces: ReadFile would copy 2 MB into
	// fresh pages of the heap at every start just to hash them.
	h := sha256.New()
	buf := make([]byte, 32<<10)
	for _, n := range dictSources {
		f, err := dictFS.Open(n)
		if err != nil {
			return paths, err
		}
		h.Write([]byte(n))
		_, err = io.CopyBuffer(h, f, buf)
		f.Close()
		if err != nil {
			return paths, err
		}
	}
	h.Write([]byte("layout 2: placeholder idf and stop words, " + tableName))
	vdir := filepath.Join(dir, hex.EncodeToString(h.Sum(nil))[:12])
	for i, n := range dictNames {
		paths[i] = filepath.Join(vdir, n)
	}
	if _, err := os.Stat(filepath.Join(vdir, readyName)); err == nil {
		return paths, nil
	}
	files, err := dictionaries()
	if err != nil {
		return paths, err
	}
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		return paths, err
	}
	for i, n := range dictNames {
		if err := atomicfile.WriteFile(paths[i], files[n]); err != nil {
			return paths, err
		}
	}
	return paths, atomicfile.WriteFile(filepath.Join(vdir, readyName), nil)
}

// dictionaries inflates the embedded dictionaries, dropping the split words
// from jieba's main dictionary.
func dictionaries() (map[string][]byte, error) {
	main, err := readGz("dict/jieba.dict.utf8.gz")
	if err != nil {
		return nil, err
	}
	split, err := dictFS.ReadFile("dict/split.txt")
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{"jieba.dict.utf8": dropWords(main, split),
		"idf.utf8": []byte(idfPlaceholder), "stop_words.utf8": []byte(stopPlaceholder)}
	hmm, err := readGz("dict/hmm_model.utf8.gz")
	if err != nil {
		return nil, err
	}
	files["hmm_model.utf8"] = hmm
	user, err := dictFS.ReadFile("dict/legal.dict.utf8")
	if err != nil {
		return nil, err
	}
	files["user.dict.utf8"] = user
	return files, nil
}

func readGz(name string) ([]byte, error) {
	f, err := dictFS.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return b, nil
}

// dropWords removes the dictionary lines whose word is listed in split
// (one word a line, # comments).
func dropWords(dict, split []byte) []byte {
	drop := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(split))
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w != "" && !strings.HasPrefix(w, "#") {
			drop[w] = true
		}
	}
	var out bytes.Buffer
	out.Grow(len(dict))
	for len(dict) > 0 {
		line := dict
		if i := bytes.IndexByte(dict, '\n'); i >= 0 {
			line, dict = dict[:i+1], dict[i+1:]
		} else {
			dict = nil
		}
		word := line
		if i := bytes.IndexByte(line, ' '); i >= 0 {
			word = line[:i]
		}
		if drop[string(bytes.TrimSpace(word))] {
			continue
		}
		out.Write(line)
	}
	return out.Bytes()
}
