package extract

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
)

// Limits of what the streams of one PDF may inflate to. PDFium inflates a
// whole content stream into its sandbox before it reads a character, so a
// 3 MB file of one stream of 1 GB of spaces is a bomb (issue 14, defect
// 2). scanPDFStreams inflates every Flate stream here first, into a
// counter that keeps nothing, and refuses such a file before PDFium sees
// it; the sandbox's own memory cap (pdf.go) stays as the backstop for
// filters this scan does not decode.
const (
	pdfStreamRatio     = 200       // inflation ratio above which a large stream is a bomb
	pdfStreamRatioMin  = 16 << 20  // streams inflating to less are never refused for their ratio
	pdfInflatedTotal   = 256 << 20 // all streams of one file together
	pdfStreamDictRange = 4096      // how far before "stream" its dictionary is looked for
)

var msgPDFBomb = "PDF 文件中的内容解压后体积异常巨大，已拒绝处理"

// scanPDFStreams checks the Flate streams of a PDF against the limits.
// It reads the file as bytes, tolerantly: a stream it cannot find or
// decode is left to PDFium.
func scanPDFStreams(data []byte) error {
	var total int64
	for i := 0; ; {
		k := bytes.Index(data[i:], []byte("stream"))
		if k < 0 {
			return nil
		}
		at := i + k
		start := at + len("stream")
		i = start
		if at >= 3 && bytes.Equal(data[at-3:at], []byte("end")) {
			continue // endstream
		}
		switch {
		case bytes.HasPrefix(data[start:], []byte("\r\n")):
			start += 2
		case bytes.HasPrefix(data[start:], []byte("\n")), bytes.HasPrefix(data[start:], []byte("\r")):
			start++
		default:
			continue
		}
		dict := data[max(0, at-pdfStreamDictRange):at]
		if d := bytes.LastIndex(dict, []byte("obj")); d >= 0 {
			dict = dict[d:]
		}
		if !bytes.Contains(dict, []byte("/FlateDecode")) && !bytes.Contains(dict, []byte("/Fl ")) && !bytes.Contains(dict, []byte("/Fl/")) && !bytes.Contains(dict, []byte("/Fl]")) {
			continue
		}
		in := &countingReader{r: bytes.NewReader(data[start:])}
		zr, err := zlib.NewReader(in)
		if err != nil {
			continue
		}
		out, err := inflateChecked(zr, in, pdfInflatedTotal-total)
		zr.Close()
		total += out
		if err != nil {
			return err
		}
	}
}

// inflateChecked reads zr to its end into nothing, a chunk at a time, and
// fails as soon as the output passes room or, once past
// pdfStreamRatioMin, pdfStreamRatio times the input in has given so far.
// (bytes.Reader is an io.ByteReader, so flate reads only what it needs
// and in counts the stream's compressed size.)
func inflateChecked(zr io.Reader, in *countingReader, room int64) (int64, error) {
	var out int64
	for {
		n, err := io.CopyN(io.Discard, zr, 1<<20)
		out += n
		if out > room {
			return out, newErr(CodeZipBomb, msgPDFBomb, fmt.Errorf("pdf streams inflate beyond %d bytes", pdfInflatedTotal))
		}
		if out > pdfStreamRatioMin && out/max(in.n, 1) > pdfStreamRatio {
			return out, newErr(CodeZipBomb, msgPDFBomb, fmt.Errorf("pdf stream inflates %d -> %d bytes and more", in.n, out))
		}
		if err != nil {
			return out, nil // the end of the stream, or data PDFium will judge
		}
	}
}

type countingReader struct {
	r *bytes.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}
