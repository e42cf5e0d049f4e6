package segment

/*
#include <stddef.h>
#include <stdlib.h>

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
