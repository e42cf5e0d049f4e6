package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"lawreview/corpus"
	"lawreview/corpus/atomicfile"
)

// lawTableName is the file beside bleve's own files in an index directory
// that holds what every article of a law version shares. bleve never
// touches files at the top of the directory (its segments live in store/).
const lawTableName = "laws.json"

// indexFormat changes whenever documents change shape; Open refuses an
// index of another format as missing, so the store rebuilds it. Format 3:
// the article text is indexed, not stored (texts.go). Format 4: the
// article's label, number, sub-number and chapter are not stored either,
// and the law's checksum covers them.
const indexFormat = 4

// lawMeta is what the articles of one law version share.
type lawMeta struct {
	Name    string `json:"name"`
	Short   string `json:"short,omitempty"`
	Level   string `json:"level"`
	Region  string `json:"region,omitempty"`
	Status  string `json:"status"`
	Version string `json:"version,omitempty"` // 2006-01-02
	// Sum is textSum of the law's articles when indexed: the index reads
	// their texts from the corpus (texts.go) and refuses a law whose
	// articles changed since.
	Sum uint32 `json:"sum"`

	// What rank weighs a law by that depends on the law alone (see
	// lawStatics), worked out once when the table is read: a clause
	// search ranks ~150 articles of dozens of laws, and working these
	// out for each law in each search was ~3 % of its CPU
	// (BenchmarkClauseSearch's profile, docs/performance.md stage 14).
	statics    lawStatics
	staticsSet bool
}

// lawStatics are rank's weights of a law that no query changes.
type lawStatics struct {
	// level: the law's level weight (searchLevelWeight) with the
	// province's or city's factor
	level float64
	// groups are the personGroups the name holds, in their order
	groups []string
	// outside: the name is of law outside the mainland (outsideMainland)
	outside bool
}

func staticsOf(m *lawMeta) lawStatics {
	w, ok := searchLevelWeight[m.Level]
	if !ok {
		w = 0.5
	}
	if m.Level == "地方性法规" && m.Region != "" {
		// the province's own name opens its regulations' titles
		if strings.HasPrefix(m.Name, m.Region) {
			w *= provinceWeight
		} else {
			w *= cityWeight
		}
	}
	st := lawStatics{level: w, outside: outsideMainland(m.Name)}
	for _, g := range personGroups {
		if strings.Contains(m.Name, g) {
			st.groups = append(st.groups, g)
		}
	}
	return st
}

// rankStatics is m's lawStatics: the table's, or worked out now for a
// lawMeta made elsewhere (tests).
func (m *lawMeta) rankStatics() lawStatics {
	if m.staticsSet {
		return m.statics
	}
	return staticsOf(m)
}

type lawTable struct {
	Format int                 `json:"format"`
	Laws   map[string]*lawMeta `json:"laws"` // by law id
	// Snapshots are the SnapshotSums of the laws indexed, each once,
	// sorted: Open knows an imported law unchanged by its snapshot's sum
	// without reading its articles (sameLaws). nil in a table written
	// before they were recorded, [] when no law came from a snapshot.
	Snapshots []string `json:"snapshots"`
}

// metaOf is l's lawMeta but for Sum.
func metaOf(l *corpus.Law) lawMeta {
	m := lawMeta{Name: l.Name, Short: l.ShortName, Level: l.Level, Region: l.Region, Status: string(l.Status)}
	if !l.Published.IsZero() {
		m.Version = l.Published.Format("2006-01-02")
	}
	return m
}

func writeLawTable(dir string, laws []*corpus.Law) error {
	t := lawTable{Format: indexFormat, Laws: make(map[string]*lawMeta, len(laws)), Snapshots: []string{}}
	for _, l := range laws {
		m := metaOf(l)
		m.Sum = textSum(l)
		t.Laws[l.ID] = &m
		if sum := l.SnapshotSum(); sum != "" && !slices.Contains(t.Snapshots, sum) {
			t.Snapshots = append(t.Snapshots, sum)
		}
	}
	slices.Sort(t.Snapshots)
	b, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("encode law table: %w", err)
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, lawTableName), b); err != nil {
		return fmt.Errorf("write law table of %s: %w", dir, err)
	}
	return nil
}

// errOldFormat reports an index written by an earlier version of this
// package; it wraps ErrNoIndex so the store builds a new one.
var errOldFormat = fmt.Errorf("索引格式已过时，需要重建: %w", ErrNoIndex)

func readLawTable(dir string) (*lawTable, error) {
	b, err := os.ReadFile(filepath.Join(dir, lawTableName))
	if errors.Is(err, os.ErrNotExist) {
		return nil, errOldFormat
	}
	if err != nil {
		return nil, err
	}
	var t lawTable
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("read %s: %w", lawTableName, err)
	}
	if t.Format != indexFormat {
		return nil, errOldFormat
	}
	if t.Laws == nil {
		t.Laws = map[string]*lawMeta{}
	}
	for _, m := range t.Laws {
		if m != nil {
			m.statics, m.staticsSet = staticsOf(m), true
		}
	}
	return &t, nil
}

// lawNames indexes the table by name for the --law filter: every full and
// short name, sorted, and the law ids each stands for.
func (t *lawTable) lawNames() ([]string, map[string][]string) {
	ids := map[string][]string{}
	for id, m := range t.Laws {
		ids[m.Name] = append(ids[m.Name], id)
		if m.Short != "" && m.Short != m.Name {
			ids[m.Short] = append(ids[m.Short], id)
		}
	}
	names := make([]string, 0, len(ids))
	for n, v := range ids {
		names = append(names, n)
		sort.Strings(v)
	}
	sort.Strings(names)
	return names, ids
}

// snapshot is the newest version date in the table, ignoring dates in the
// future (a law published ahead of its version date is still news).
func (t *lawTable) snapshot() string {
	now := time.Now().Format(time.DateOnly)
	best := ""
	for _, m := range t.Laws {
		if m.Version > best && m.Version <= now {
			best = m.Version
		}
	}
	return best
}
