package precedent

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	"lawreview/review/precedent"
)

// memStore is a BankStore in memory: the bank's entries replace by id,
// the bank's records it lacks are deleted, and the records that changed
// are counted, as the SQLite store does.
type memStore struct {
	ps      map[string]precedent.Precedent
	seq     int
	upserts int
}

func (m *memStore) ReplaceBank(_ context.Context, ps []precedent.Precedent) (int, error) {
	m.upserts++
	n := 0
	keep := map[string]bool{}
	for _, p := range ps {
		keep[p.ID] = true
		if old, ok := m.ps[p.ID]; !ok || fmt.Sprint(old) != fmt.Sprint(p) {
			m.ps[p.ID] = p
			n++
		}
	}
	for id := range m.ps {
		if precedent.IsBankID(id) && !keep[id] {
			delete(m.ps, id)
			n++
		}
	}
	if n > 0 {
		m.seq++
	}
	return n, nil
}

func (m *memStore) PrecedentStamp(context.Context) (string, error) {
	return fmt.Sprintf("%d/%d", m.seq, len(m.ps)), nil
}

func (m *memStore) EachPrecedent(_ context.Context, fn func(p *precedent.Precedent) error) error {
	var keys []string
	for k := range m.ps {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := m.ps[k]
		if err := fn(&p); err != nil {
			return err
		}
	}
	return nil
}

func TestLoadBank(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join(t.TempDir(), "prec")
	ix, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { ix.Close() }()
	local := fixture()[0]
	st := &memStore{ps: map[string]precedent.Precedent{local.ID: local}}
	pub := precedent.Precedent{ID: "import-pub-gpjz-0001", Clause: "外地企业须在本县设立分支机构方可参与政府采购", DocType: "规范性文件",
		Date: "2023-05-08", Rule: "fc-local-presence", Problem: "限定经营地域", Verdict: precedent.Unlawful, Publisher: "市场监管总局",
		URL: "https://example.gov.cn/gpjz/1", Source: precedent.SourcePublic}
	bank := &precedent.PublicBank{Entries: []precedent.Precedent{pub}, Version: "bank-1"}

	n, err := ix.LoadBank(ctx, st, bank, false)
	if err != nil || n != 1 {
		t.Fatalf("first load = %d, %v", n, err)
	}
	if ix.BankVersion() != "bank-1" {
		t.Errorf("version %q", ix.BankVersion())
	}
	stamp, _ := st.PrecedentStamp(ctx)
	if c, _ := ix.Count(); c != 2 || ix.Stamp() != stamp {
		t.Errorf("index holds %d records at stamp %q, want 2 at %q", c, ix.Stamp(), stamp)
	}
	res, err := ix.Search(ctx, Query{Text: "外地企业设立分支机构", Source: precedent.SourcePublic})
	if err != nil || res.Total != 1 || res.Hits[0].Precedent.Publisher != "市场监管总局" || res.Hits[0].Precedent.Source != precedent.SourcePublic {
		t.Fatalf("search public = %+v, %v", res, err)
	}

	// The same version again: storage is not touched.
	if n, err := ix.LoadBank(ctx, st, bank, false); err != nil || n != 0 || st.upserts != 1 {
		t.Errorf("second load = %d, %v (%d upserts)", n, err, st.upserts)
	}
	// Reopened, the index remembers the version.
	ix.Close()
	if ix, err = Open(root); err != nil {
		t.Fatal(err)
	}
	if n, err := ix.LoadBank(ctx, st, bank, false); err != nil || n != 0 || st.upserts != 1 {
		t.Errorf("load after reopening = %d, %v (%d upserts)", n, err, st.upserts)
	}
	// Forced (reindex) with nothing changed: storage is asked, nothing is rebuilt.
	before := ix.Stamp()
	if n, err := ix.LoadBank(ctx, st, bank, true); err != nil || n != 0 || st.upserts != 2 || ix.Stamp() != before {
		t.Errorf("forced load = %d, %v (%d upserts)", n, err, st.upserts)
	}
	// An upgrade corrects the entry: stored and indexed anew.
	fixed := pub
	fixed.Problem = "以设立分支机构为条件限制外地经营者参与政府采购"
	n, err = ix.LoadBank(ctx, st, &precedent.PublicBank{Entries: []precedent.Precedent{fixed}, Version: "bank-2"}, false)
	if err != nil || n != 1 || ix.BankVersion() != "bank-2" {
		t.Fatalf("upgrade = %d, %v, version %q", n, err, ix.BankVersion())
	}
	if p, err := ix.Get(ctx, pub.ID); err != nil || p == nil || p.Problem != fixed.Problem {
		t.Errorf("after upgrade the index has %+v, %v", p, err)
	}
	// A later bank drops the entry for another: the dropped one leaves
	// storage and the index, the office's own precedent stays.
	other := pub
	other.ID, other.Clause = "import-pub-gpjz-0002", "本地企业优先承接镇级工程项目"
	n, err = ix.LoadBank(ctx, st, &precedent.PublicBank{Entries: []precedent.Precedent{other}, Version: "bank-3"}, false)
	if err != nil || n != 2 {
		t.Fatalf("upgrade dropping an entry = %d, %v", n, err)
	}
	if p, _ := ix.Get(ctx, pub.ID); p != nil {
		t.Errorf("a dropped entry is still indexed: %+v", p)
	}
	if _, ok := st.ps[pub.ID]; ok {
		t.Error("a dropped entry is still stored")
	}
	if p, _ := ix.Get(ctx, local.ID); p == nil {
		t.Error("the office's precedent went with the dropped entry")
	}
	// An empty bank loads nothing and records nothing.
	if n, err := ix.LoadBank(ctx, st, &precedent.PublicBank{}, true); err != nil || n != 0 || ix.BankVersion() != "bank-3" {
		t.Errorf("empty bank = %d, %v, version %q", n, err, ix.BankVersion())
	}
}
