package segment

/*
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

// gojieba's C entry point and its result (jieba.h of
// github.com/yanyiwu/gojieba, which this package links): the words'
// byte offsets into the sentence, ended by a word of length 0, in memory
// the caller frees. Declared weak so that cgo's check link of this
// package alone passes; the program's link resolves it to gojieba's.
typedef struct {
	size_t offset;
	size_t len;
} lrWord;

extern lrWord* Tokenize(void* handle, const char* sentence, int mode, int is_hmm_used) __attribute__((weak));

static int lr_have_tokenize(void) { return Tokenize != 0; }

// lr_tokenize_all cuts n texts, text i NUL-terminated at buf + starts[i],
// and returns the words of all of them in one array the caller frees:
// text after text, each text's words ended by a word of length 0. NULL if
// memory ran out.
static lrWord* lr_tokenize_all(void* handle, const char* buf, const size_t* starts, int n, int mode) {
	size_t cap = 4096, len = 0; // 64 KB: under glibc's mmap threshold
	lrWord* out = malloc(cap * sizeof(lrWord));
	if (out == NULL) {
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		lrWord* w = Tokenize(handle, buf + starts[i], mode, 1);
		size_t k = 0;
		while (w[k].len != 0) {
			k++;
		}
		if (len + k + 1 > cap) {
			while (len + k + 1 > cap) {
				cap *= 2;
			}
			lrWord* grown = realloc(out, cap * sizeof(lrWord));
			if (grown == NULL) {
				free(w);
				free(out);
				return NULL;
			}
			out = grown;
		}
		memcpy(out + len, w, k * sizeof(lrWord));
		len += k;
		out[len].offset = 0;
		out[len].len = 0;
		len++;
		free(w);
	}
	return out;
}
*/
import "C"

import (
	"strings"
	"unsafe"

	"github.com/yanyiwu/gojieba"
)

// ByteCutter cuts texts one after another in search mode with byte
// offsets, as AppendCutForSearchBytes does, for one goroutine. It calls
// jieba's C function itself: gojieba copies every text into C memory and
// converts each result into a slice it grows word by word, 40 bytes a
// word — over a national index build (64,430 articles) 420 MB of Go
// garbage, a third of all the build allocated, and 3 % of its CPU. Here
// the text is passed from a buffer the cutter reuses and the words are
// read where jieba wrote them.
type ByteCutter struct {
	s      *Segmenter
	handle unsafe.Pointer // jieba's C handle, or nil: cut through gojieba
	buf    []byte         // the text, NUL-terminated
	starts []C.size_t     // AppendCutForSearchAll: where each text starts in buf
	cut    []string       // AppendCutForSearchAll: the texts as jieba cuts them
}

// NewByteCutter returns a ByteCutter over s.
func (s *Segmenter) NewByteCutter() *ByteCutter {
	c := &ByteCutter{s: s}
	if s.sub == nil && s.jieba != nil && C.lr_have_tokenize() != 0 && unsafe.Sizeof(gojieba.Jieba{}) == unsafe.Sizeof(jiebaLayout{}) {
		c.handle = (*jiebaLayout)(unsafe.Pointer(s.jieba)).handle
	}
	return c
}

// jiebaLayout is gojieba.Jieba's layout in v1.4.6 (struct { jieba C.Jieba;
// freed int32 }): its first field is jieba's C handle. Another size falls
// back to gojieba's call, which TestByteCutter reports; it also compares
// the words with gojieba's own.
type jiebaLayout struct {
	handle unsafe.Pointer
	freed  int32
}

// AppendCutForSearch appends the search-mode words of text to dst, with
// byte offsets into text and each word's Text a slice of text.
func (c *ByteCutter) AppendCutForSearch(dst []Token, text string) []Token {
	if text == "" {
		return dst
	}
	if c.handle == nil || strings.IndexByte(text, 0) >= 0 {
		// a NUL is cut as a space, and its word's text is that space
		return c.s.AppendCutForSearchBytes(dst, text)
	}
	c.buf = append(append(c.buf[:0], text...), 0)
	words := C.Tokenize(c.handle, (*C.char)(unsafe.Pointer(&c.buf[0])), C.int(gojieba.SearchMode), 1)
	defer C.free(unsafe.Pointer(words))
	for w := words; w.len != 0; w = (*C.lrWord)(unsafe.Add(unsafe.Pointer(w), unsafe.Sizeof(*w))) {
		start := int(w.offset)
		end := start + int(w.len)
		dst = append(dst, Token{Text: text[start:end], Start: start, End: end})
	}
	return dst
}

// AppendCutForSearchAll is AppendCutForSearch over several texts in one call
// into C, appending each text's words to dst in turn and the end of its
// words in dst to ends. A cgo call longer than the runtime's 20 µs poll has
// its processor handed on, and while every processor is busy the poller
// never slows down: with one call per article the poller took 7 % of a
// national build's CPU (docs/performance.md, stage 20).
func (c *ByteCutter) AppendCutForSearchAll(dst []Token, ends []int, texts []string) ([]Token, []int) {
	if c.handle == nil || len(texts) == 0 {
		for _, text := range texts {
			dst = c.AppendCutForSearch(dst, text)
			ends = append(ends, len(dst))
		}
		return dst, ends
	}
	c.buf, c.starts, c.cut = c.buf[:0], c.starts[:0], c.cut[:0]
	for _, text := range texts {
		if strings.IndexByte(text, 0) >= 0 {
			// a NUL is cut as a space, and its word's text is that space,
			// as AppendCutForSearchBytes does
			text = strings.ReplaceAll(text, "\x00", " ")
		}
		c.cut = append(c.cut, text)
		c.starts = append(c.starts, C.size_t(len(c.buf)))
		c.buf = append(append(c.buf, text...), 0)
	}
	words := C.lr_tokenize_all(c.handle, (*C.char)(unsafe.Pointer(&c.buf[0])), &c.starts[0], C.int(len(texts)), C.int(gojieba.SearchMode))
	if words == nil {
		for _, text := range c.cut {
			dst = c.s.AppendCutForSearchBytes(dst, text)
			ends = append(ends, len(dst))
		}
		return dst, ends
	}
	defer C.free(unsafe.Pointer(words))
	w := words
	next := func(w *C.lrWord) *C.lrWord {
		return (*C.lrWord)(unsafe.Add(unsafe.Pointer(w), unsafe.Sizeof(*w)))
	}
	for _, text := range c.cut {
		for ; w.len != 0; w = next(w) {
			start := int(w.offset)
			end := start + int(w.len)
			dst = append(dst, Token{Text: text[start:end], Start: start, End: end})
		}
		w = next(w)
		ends = append(ends, len(dst))
	}
	clear(c.cut) // the texts are the caller's
	return dst, ends
}
