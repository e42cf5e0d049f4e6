package review

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"lawreview/corpus"
)

// fakeRelated stands in for the index: it costs a little per call, as a
// search would, and returns three articles; it keeps the questions asked.
type fakeRelated struct {
	calls *atomic.Int64
	asked *sync.Map // quote -> RelatedQuery
}

func (f fakeRelated) Related(q RelatedQuery, n int) ([]Related, error) {
	if f.calls != nil {
		f.calls.Add(1) // the engine asks from several goroutines
	}
	if f.asked != nil {
		f.asked.Store(q.Clause, q)
	}
	out := make([]Related, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, Related{Law: "中华人民共和国村民委员会组织法", Article: "第二十七条", Text: q.Clause, Score: 1 / float64(i+1)})
	}
	return out, nil
}

func TestRelatedFinderFillsFindings(t *testing.T) {
	c, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int64
	var asked sync.Map
	e, err := New(Config{Laws: c, Related: fakeRelated{calls: &calls, asked: &asked}})
	if err != nil {
		t.Fatal(err)
	}
	text := "第五条 乱倒垃圾的，违者罚款200元。\n第六条 依照《中华人民共和国合同法》第五十二条处理。"
	rep, err := e.Review(Input{Text: text}, Options{Type: "村规民约", At: reviewDate, Province: "浙江"})
	if err != nil {
		t.Fatal(err)
	}
	// Clause findings get related articles; document-level ones (here: no
	// statement of adoption by the 村民会议, quoting the first line) and
	// citation findings (合同法 is repealed) do not.
	clause, document, citation := 0, 0, 0
	for _, f := range rep.Findings {
		if f.Document || strings.HasPrefix(f.Rule, "citation") {
			if f.Document {
				document++
			} else {
				citation++
			}
			if len(f.Related) != 0 {
				t.Errorf("%s: finding has related articles %+v", f.Rule, f.Related)
			}
			continue
		}
		clause++
		if len(f.Related) != 3 || f.Related[0].Text != f.Quote {
			t.Errorf("%s: related %+v", f.Rule, f.Related)
		}
		v, ok := asked.Load(f.Quote)
		if !ok {
			t.Errorf("%s: not asked", f.Rule)
			continue
		}
		q := v.(RelatedQuery)
		if q.Sentence != "第五条 乱倒垃圾的，违者罚款200元。" || q.Title != f.Title || q.Rule != f.Rule || len(q.Basis) == 0 || q.Province != "浙江" {
			t.Errorf("%s: asked %+v", f.Rule, q)
		}
	}
	if clause == 0 || document == 0 || citation == 0 || int(calls.Load()) != clause {
		t.Fatalf("%d clause, %d document and %d citation findings, %d related calls", clause, document, citation, calls.Load())
	}
}

// benchText builds a draft of about n characters from the eval drafts,
// the way long real documents repeat ordinary clauses with a few problems.
func benchText(b *testing.B, n int) string {
	files, err := filepath.Glob(filepath.Join(evalDir, "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no eval drafts: %v", err)
	}
	var sb strings.Builder
	for utf8.RuneCountInString(sb.String()) < n {
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			sb.Write(data)
			sb.WriteString("\n")
			if utf8.RuneCountInString(sb.String()) >= n {
				break
			}
		}
	}
	return string([]rune(sb.String())[:n])
}

func benchReview(b *testing.B, n int) {
	c, err := corpus.Default()
	if err != nil {
		b.Fatal(err)
	}
	text := benchText(b, n)
	for _, bc := range []struct {
		name string
		rel  RelatedFinder
	}{{"related=nil", nil}, {"related=fake", fakeRelated{}}} {
		e, err := New(Config{Laws: c, Related: bc.rel})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if _, err := e.Review(Input{Text: text}, Options{Type: "规范性文件", At: reviewDate}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkReview5000(b *testing.B)  { benchReview(b, 5000) }
func BenchmarkReview50000(b *testing.B) { benchReview(b, 50000) }

// FuzzReview feeds arbitrary text to the engine: it must not panic, and
// every finding must satisfy the offset invariants.
func FuzzReview(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(evalDir, "*.txt"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data), "")
	}
	f.Add("违者罚款200元；\n\n《婚姻法》第二十一条", "村规民约")
	f.Add("有效期至2099年13月40日。租赁期限自2024年1月1日起至2020年1月1日止", "合同")
	f.Add("\xff\xfe《》第条", "规范性文件")
	e := testEngine(f)
	f.Fuzz(func(t *testing.T, text, typ string) {
		if typ != "" && !contains(Types, typ) {
			typ = ""
		}
		rep, err := e.Review(Input{Text: text}, Options{Type: typ, At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, "fuzz", rep)
	})
}
