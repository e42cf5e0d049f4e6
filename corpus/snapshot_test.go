package corpus

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"
)

// oddLaws covers what the default corpus does not: a region, history,
// zero dates, a paragraph that is not where the text has it, an empty
// paragraph, an article 之一, a repealed status.
func oddLaws() []*Law {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	return []*Law{
		{ID: "某某条例@2020-05-01", Name: "某某省某某条例", ShortName: "某某条例", Subtitle: "（草案）", Level: "地方性法规",
			Category: "DLC/浙江地方法规", Region: "浙江", Published: d("2020-05-01"), Status: StatusRepealed,
			History: []History{{Date: d("2019-01-02"), Action: "通过", Text: "2019年1月2日通过"}, {Text: "没有日期的一行"}},
			Articles: []Article{
				{Number: 1, Label: "第一条", Chapters: []string{"第一章 总则"}, Paragraphs: []string{"甲。", "乙。"}, Text: "甲。\n乙。"},
				{Number: 20, Sub: 1, Label: "第二十条之一", Chapters: []string{"第一章 总则", "第一节 一般规定"},
					Paragraphs: []string{"不在正文里的一款", "", "丙"}, Text: "丙"},
				{Number: 21, Label: "第二十一条", Text: "甲。\n乙。"}, // same text as 第一条: stored once
			},
			Source: "DLC/浙江地方法规/某某条例(2020-05-01).md"},
		{ID: "空法@0001-01-01", Name: "空法", ShortName: "空法", Partial: true, Source: DefaultSource},
	}
}

func encode(t testing.TB, laws []*Law) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSnapshot(&buf, laws); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSnapshotRoundTrip(t *testing.T) {
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for name, laws := range map[string][]*Law{"default": def.Laws(), "odd": oddLaws(), "none": nil} {
		b := encode(t, laws)
		got, err := DecodeSnapshot(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) != len(laws) {
			t.Fatalf("%s: %d laws, want %d", name, len(got), len(laws))
		}
		for i := range laws {
			if !reflect.DeepEqual(got[i], laws[i]) {
				t.Errorf("%s: law %d\n got %+v\nwant %+v", name, i, got[i], laws[i])
			}
		}
	}
}

// Every imported law survives the snapshot: the data directory's copy of
// the whole collection is this format.
func TestSnapshotFullCorpus(t *testing.T) {
	c, _ := loadFull(t)
	b := encode(t, c.Laws())
	got, err := DecodeSnapshot(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c.Laws()) {
		for i, l := range c.Laws() {
			if !reflect.DeepEqual(got[i], l) {
				t.Fatalf("%s differs after the snapshot", l.ID)
			}
		}
	}
}

// decodeLazy is DecodeSnapshot as ReadSnapshotLazy reads.
func decodeLazy(b []byte) ([]*Law, error) {
	d, err := newSnapReader(b)
	if err != nil {
		return nil, err
	}
	return d.read(true)
}

// sameLazy reports whether lazily read laws, their articles loaded, are
// the eagerly read ones.
func sameLazy(lazy, eager []*Law) bool {
	if len(lazy) != len(eager) {
		return false
	}
	for i, l := range lazy {
		l.loadArticles()
		c := *l
		c.lazy = nil
		if !reflect.DeepEqual(&c, eager[i]) {
			return false
		}
	}
	return true
}

// The laws of ReadSnapshotLazy, once asked for through a corpus, are
// ReadSnapshot's; a corpus decodes each law's articles once, however many
// goroutines ask at once (go test -race).
func TestReadSnapshotLazy(t *testing.T) {
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	laws := append(oddLaws(), def.Laws()...)
	p := filepath.Join(t.TempDir(), "laws")
	if err := os.WriteFile(p, encode(t, laws), 0o600); err != nil {
		t.Fatal(err)
	}
	eager, err := ReadSnapshot(p)
	if err != nil {
		t.Fatal(err)
	}
	lazy, err := ReadSnapshotLazy(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lazy {
		if l.Articles != nil {
			t.Fatalf("%s: articles decoded at open", l.ID)
		}
	}
	c := New(lazy...)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, l := range eager {
				got, ok := c.ByID(l.ID)
				if !ok || !reflect.DeepEqual(got.Articles, l.Articles) {
					t.Errorf("%s: articles differ", l.ID)
					return
				}
			}
		})
	}
	wg.Wait()
	New(eager...) // statuses, as New set them on lazy
	if !sameLazy(lazy, eager) {
		t.Error("read lazily, the laws differ")
	}
	// Through Resolve and Article, as a review asks.
	c = New(must(ReadSnapshotLazy(p))...)
	if _, a, err := c.Article("某某条例", "第二十条之一", time.Time{}); err != nil || a.Text != "丙" {
		t.Errorf("Article: %v %+v", err, a)
	}
	// A damaged file is refused at open, as ReadSnapshot refuses it.
	b := encode(t, laws)
	nLaws, nHist := binary.LittleEndian.Uint32(b[16:]), binary.LittleEndian.Uint32(b[20:])
	binary.LittleEndian.PutUint32(b[headerSize+lawSize*nLaws+historySize*nHist+16:], 1<<31) // the first article's text
	binary.LittleEndian.PutUint32(b[8:], crc32Records(b[16:len(b)-int(binary.LittleEndian.Uint32(b[16+6*4:]))]))
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	_, eagerErr := ReadSnapshot(p)
	_, lazyErr := ReadSnapshotLazy(p)
	if !errors.Is(lazyErr, ErrSnapshot) || fmt.Sprint(lazyErr) != fmt.Sprint(eagerErr) {
		t.Errorf("damaged: lazily %v, eagerly %v", lazyErr, eagerErr)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestReadSnapshotFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "laws")
	if err := os.WriteFile(p, encode(t, oddLaws()), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ReadSnapshot(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, oddLaws()) {
		t.Errorf("read %+v", got)
	}
}

// A damaged file is refused with ErrSnapshot, never read as laws.
func TestSnapshotDamaged(t *testing.T) {
	good := encode(t, oddLaws())
	blobLen := int(binary.LittleEndian.Uint32(good[16+6*4:]))
	flip := func(at int) []byte {
		b := bytes.Clone(good)
		b[at] ^= 0x40
		return b
	}
	for name, b := range map[string][]byte{
		"empty":     nil,
		"gob":       []byte("\x1f\xff\x81\x02\x01\x01\x0b[]*corpus.Law"),
		"truncated": good[:len(good)-1],
		"longer":    append(bytes.Clone(good), 0),
		"header":    flip(20),
		"record":    flip(headerSize + 3),
		"version":   flip(7),
	} {
		if _, err := DecodeSnapshot(b); !errors.Is(err, ErrSnapshot) {
			t.Errorf("%s: got %v, want ErrSnapshot", name, err)
		}
	}
	// A flipped byte in the text is not detected (the text is not read
	// until used) but stays inside the text.
	laws, err := DecodeSnapshot(flip(len(good) - blobLen))
	if err != nil || len(laws) != 2 {
		t.Errorf("text byte flipped: %v", err)
	}
}

// FuzzDecodeSnapshot: any bytes are refused or read; what is read writes
// and reads back the same.
func FuzzDecodeSnapshot(f *testing.F) {
	good := encode(f, oddLaws())
	f.Add(good)
	f.Add(encode(f, nil))
	f.Add(good[:headerSize])
	f.Add([]byte(snapshotMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		// The checksum would reject almost every mutation; fix it up so
		// that the reader's bounds checks are what gets exercised.
		if len(b) >= headerSize && IsSnapshot(b) {
			blob := uint64(binary.LittleEndian.Uint32(b[16+6*4:]))
			if blob <= uint64(len(b)-16) {
				b = bytes.Clone(b)
				binary.LittleEndian.PutUint32(b[8:], crc32Records(b[16:uint64(len(b))-blob]))
			}
		}
		laws, err := DecodeSnapshot(b)
		lazy, lazyErr := decodeLazy(b)
		if fmt.Sprint(err) != fmt.Sprint(lazyErr) {
			t.Fatalf("read eagerly: %v; lazily: %v", err, lazyErr)
		}
		if err != nil && IsSnapshot(b) && len(b) >= headerSize {
			p := filepath.Join(t.TempDir(), "laws")
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			if _, fileErr := ReadSnapshotLazy(p); fmt.Sprint(fileErr) != p+": "+fmt.Sprint(err) {
				t.Fatalf("read eagerly: %v; ReadSnapshotLazy: %v", err, fileErr)
			}
		}
		if err != nil {
			if !errors.Is(err, ErrSnapshot) {
				t.Fatalf("error without ErrSnapshot: %v", err)
			}
			return
		}
		if !sameLazy(lazy, laws) {
			t.Fatal("read lazily, the laws differ")
		}
		// The same through the file, whose records ReadSnapshotLazy reads in pieces.
		p := filepath.Join(t.TempDir(), "laws")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if lazy, err = ReadSnapshotLazy(p); err != nil || !sameLazy(lazy, laws) {
			t.Fatalf("ReadSnapshotLazy: %v, or the laws differ", err)
		}
		again, err := DecodeSnapshot(encode(t, laws))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(again, laws) {
			t.Fatalf("rewritten snapshot reads differently")
		}
	})
}

func BenchmarkDecodeSnapshotFull(b *testing.B) {
	dir := sharedCorpusDir(b)
	c, _, err := Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	data := encode(b, c.Laws())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeSnapshot(data); err != nil {
			b.Fatal(err)
		}
	}
}
