package corpus

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// Reasons a file is skipped by Import.
const (
	SkipNotLaw      = "不是法律条文"
	SkipUnparsable  = "无法解析"
	SkipDuplicate   = "重复"
	SkipUnsupported = "不支持的文件类型"
)

// Skipped is one file that Import left out, and why.
type Skipped struct {
	Path   string
	Reason string // one of the Skip* constants
	Detail string // Chinese explanation
}

// Report accounts for every file Import looked at: each file is a law
// version, a part merged into another file's version, or skipped, so
// Files == Versions + Merged + len(Skipped).
type Report struct {
	Files    int // files examined (meta.tsv is read, not counted)
	Laws     int // distinct laws
	Versions int
	Articles int
	Merged   int // files that were parts of a law read from several files (民法典)
	Skipped  []Skipped
	Elapsed  time.Duration
}

// Summary is a one-line Chinese summary of the import.
func (r *Report) Summary() string {
	return fmt.Sprintf("共 %d 个文件：导入法律 %d 部（%d 个版本，%d 条），跳过 %d 个文件，用时 %.1f 秒",
		r.Files, r.Laws, r.Versions, r.Articles, len(r.Skipped), r.Elapsed.Seconds())
}

// ImportOptions tunes Import.
type ImportOptions struct {
	// Progress, when set, is called after each file is parsed, from one
	// goroutine at a time.
	Progress func(done, total int)
	// Workers bounds parallel parsing; 0 means GOMAXPROCS.
	Workers int
}

// Load reads a folder laid out like the LawRefBook collection
// (<category>/<name>(<date>).md, meta.tsv). Unlike Import it fails when the
// folder cannot be read or holds no law at all.
func Load(root string) (*Corpus, *Report, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, nil, fmt.Errorf("读取法律库目录 %s 失败：%w", root, err)
	}
	if !st.IsDir() {
		return nil, nil, fmt.Errorf("load %s: 不是目录", root)
	}
	c, r := Import(root)
	if r.Versions == 0 {
		return c, r, fmt.Errorf("load %s: 目录中没有可以导入的法律", root)
	}
	return c, r, nil
}

// Import reads folders and single files (.md, .docx, .txt) into a corpus.
// It never stops on a bad file: every file ends up in the corpus or in the
// report's Skipped list.
func Import(paths ...string) (*Corpus, *Report) {
	return ImportWithOptions(ImportOptions{}, paths...)
}

// fileJob is one file to parse, with what its place in a collection says.
type fileJob struct {
	path     string // as found
	rel      string // relative to the collection root, slash-separated
	category string
	region   string
	meta     *metaRow
	read     func() ([]byte, error) // nil: read path from disk
	law      *Law
	err      error
}

// ImportWithOptions is Import with a progress callback and a worker count.
func ImportWithOptions(opts ImportOptions, paths ...string) (*Corpus, *Report) {
	start := time.Now()
	rep := &Report{}
	metas := map[string]map[string]*metaRow{} // collection root → rows
	var jobs []*fileJob
	seen := map[string]bool{}
	add := func(path string) {
		abs, _ := filepath.Abs(path)
		if seen[abs] {
			return
		}
		seen[abs] = true
		jobs = append(jobs, newJob(path, metas))
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			rep.Files++
			rep.Skipped = append(rep.Skipped, Skipped{Path: p, Reason: SkipUnparsable, Detail: "无法读取：" + err.Error()})
			continue
		}
		if !st.IsDir() {
			add(p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				rep.Files++
				rep.Skipped = append(rep.Skipped, Skipped{Path: path, Reason: SkipUnparsable, Detail: "无法读取：" + err.Error()})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			name := d.Name()
			if strings.HasPrefix(name, ".") && path != p {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || name == "meta.tsv" || strings.EqualFold(name, "README.md") {
				return nil
			}
			add(path)
			return nil
		})
		if err != nil {
			rep.Skipped = append(rep.Skipped, Skipped{Path: p, Reason: SkipUnparsable, Detail: err.Error()})
		}
	}
	parseAll(jobs, opts)
	c := assemble(jobs, rep)
	rep.Elapsed = time.Since(start)
	return c, rep
}

// assemble turns parsed files into a corpus, accounting for each in rep.
func assemble(jobs []*fileJob, rep *Report) *Corpus {
	// Group the parsed files by ID: several files with one ID are either the
	// parts of one law (民法典, one file per 编) or duplicates.
	rep.Files += len(jobs)
	byID := map[string][]*fileJob{}
	var ids []string
	for _, j := range jobs {
		switch {
		case j.err != nil:
			reason := SkipUnparsable
			if errors.Is(j.err, errUnsupported) {
				reason = SkipUnsupported
			}
			rep.Skipped = append(rep.Skipped, Skipped{Path: j.path, Reason: reason, Detail: j.err.Error()})
		case j.law.Level == "案例":
			// Cases quote articles now and then; they are still not law.
			rep.Skipped = append(rep.Skipped, Skipped{Path: j.path, Reason: SkipNotLaw, Detail: "案例，不是法律条文"})
		case len(j.law.Articles) == 0:
			rep.Skipped = append(rep.Skipped, Skipped{Path: j.path, Reason: SkipNotLaw, Detail: errNoArticles.Error()})
		default:
			k := j.law.Region + "\x00" + j.law.ID
			if byID[k] == nil {
				ids = append(ids, k)
			}
			byID[k] = append(byID[k], j)
		}
	}
	var laws []*Law
	for _, k := range ids {
		group := byID[k]
		sort.Slice(group, func(a, b int) bool { return group[a].path < group[b].path })
		law, dups := mergeParts(group)
		laws = append(laws, law)
		rep.Merged += len(group) - 1 - len(dups)
		for _, d := range dups {
			rep.Skipped = append(rep.Skipped, Skipped{Path: d.path, Reason: SkipDuplicate,
				Detail: fmt.Sprintf("与 %s 是同一法律的同一版本（%s）", group[0].path, law.ID)})
		}
	}
	c := New(laws...)
	st := c.Stats()
	rep.Laws, rep.Versions, rep.Articles = st.Laws, st.Versions, st.Articles
	sort.Slice(rep.Skipped, func(a, b int) bool { return rep.Skipped[a].Path < rep.Skipped[b].Path })
	return c
}

func parseAll(jobs []*fileJob, opts ImportOptions) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	todo := make(chan *fileJob)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range todo {
				j.parse()
				done <- struct{}{}
			}
		}()
	}
	go func() {
		for _, j := range jobs {
			todo <- j
		}
		close(todo)
		wg.Wait()
		close(done)
	}()
	n := 0
	for range done {
		n++
		if opts.Progress != nil {
			opts.Progress(n, len(jobs))
		}
	}
}

var errUnsupported = errors.New("不支持的文件类型（只导入 .md、.docx、.txt）")

func (j *fileJob) parse() {
	var law *Law
	var err error
	switch strings.ToLower(filepath.Ext(j.path)) {
	case ".md", ".markdown":
		read := j.read
		if read == nil {
			read = func() ([]byte, error) { return os.ReadFile(j.path) }
		}
		var data []byte
		if data, err = read(); err == nil {
			law, err = ParseMarkdown(j.rel, data)
		}
	case ".docx", ".txt":
		law, err = parseDocument(j.path, j.rel)
	default:
		err = errUnsupported
	}
	if err != nil {
		j.err = err
		return
	}
	j.law = law
	j.describe()
}

// describe fills level, category, region, dates and the expired flag from
// meta.tsv and the file's place in the collection.
func (j *fileJob) describe() {
	l := j.law
	l.Category, l.Region = j.category, j.region
	if m := j.meta; m != nil {
		l.Level = m.level
		if !m.published.IsZero() {
			l.Published = m.published
		}
		if !m.inForce.IsZero() {
			l.InForceFrom = m.inForce
		}
		if m.expired {
			l.Status = StatusSuperseded // read by New as "no longer in force"
		}
	}
	if l.Level == "" {
		l.Level = categoryLevel[j.category]
	}
	if l.Level == "" && j.region != "" {
		l.Level = "地方性法规"
	}
	if l.Level == "" {
		l.Level = inferLevel(l)
	}
	l.ID = lawID(l.ShortName, l.Published)
}

var categoryLevel = map[string]string{
	"宪法": "宪法", "行政法规": "行政法规", "司法解释": "司法解释", "部门规章": "部门规章",
	"宪法相关法": "法律", "民法商法": "法律", "行政法": "法律", "经济法": "法律", "社会法": "法律",
	"刑法": "法律", "诉讼与非诉讼程序法": "法律", "民法典": "法律", "案例": "案例", "其他": "其他",
}

// inferLevel guesses the level of a law found outside a known category from
// its name and its history lines.
func inferLevel(l *Law) string {
	hist := ""
	for _, h := range l.History {
		hist += h.Text
	}
	name := l.Name
	switch {
	case l.ShortName == "宪法" || strings.HasPrefix(l.ShortName, "宪法修正案"):
		return "宪法"
	case strings.HasPrefix(name, "最高人民法院") || strings.HasPrefix(name, "最高人民检察院"):
		return "司法解释"
	case strings.Contains(hist, "全国人民代表大会"):
		return "法律"
	case strings.Contains(hist, "国务院令") || strings.Contains(hist, "国务院常务会议") || strings.HasPrefix(name, "国务院"):
		return "行政法规"
	case strings.Contains(hist, "人民代表大会常务委员会") || strings.Contains(hist, "人民代表大会"):
		return "地方性法规"
	case strings.Contains(hist, "部令") || strings.Contains(hist, "部务会议") || strings.Contains(hist, "总局令"):
		return "部门规章"
	case strings.HasPrefix(name, "中华人民共和国") && strings.HasSuffix(name, "法"):
		return "法律"
	}
	return "其他"
}

// newJob works out where a file on disk sits in a collection.
func newJob(path string, metas map[string]map[string]*metaRow) *fileJob {
	j := &fileJob{path: path, rel: filepath.ToSlash(path)}
	abs, err := filepath.Abs(path)
	if err != nil {
		return j
	}
	j.place(strings.Split(filepath.ToSlash(abs), "/"), func(dir string) map[string]*metaRow {
		rows, ok := metas[dir]
		if !ok {
			f, err := os.Open(filepath.Join(filepath.FromSlash(dir), "meta.tsv"))
			if err == nil {
				rows = readMeta(f)
				f.Close()
			}
			metas[dir] = rows
		}
		return rows
	})
	return j
}

// place finds, from the end of the path, the component that names a
// category (and for DLC/<省>地方法规 the region); the folder above it is the
// collection root, whose meta.tsv describes the file by its relative path.
func (j *fileJob) place(parts []string, meta func(dir string) map[string]*metaRow) {
	root := -1 // index of the first component below the collection root
	for i := len(parts) - 2; i >= 1 && root < 0; i-- {
		p := parts[i]
		switch {
		case strings.HasSuffix(p, "地方法规") && parts[i-1] == "DLC":
			j.category = "DLC/" + p
			j.region = strings.TrimSuffix(p, "地方法规")
			root = i - 1
		case categoryLevel[p] != "" && categoryLevel[parts[i-1]] == "":
			// The outermost category wins: 案例/民法典 holds cases, not the code.
			j.category = p
			root = i
		}
	}
	if root < 0 {
		return
	}
	j.rel = strings.Join(parts[root:], "/")
	j.meta = meta(strings.Join(parts[:root], "/"))[j.rel]
}

type metaRow struct {
	level              string
	published, inForce time.Time
	expired            bool
}

// readMeta reads a collection's meta.tsv (path, name, level, published,
// in_force_from, expired).
func readMeta(r io.Reader) map[string]*metaRow {
	rows := map[string]*metaRow{}
	sc := bufio.NewScanner(r)
	first := true
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if first {
			first = false
			if len(cols) > 0 && cols[0] == "path" {
				continue
			}
		}
		if len(cols) < 6 {
			continue
		}
		m := &metaRow{level: cols[2], expired: strings.TrimSpace(cols[5]) == "1"}
		m.published, _ = time.Parse(time.DateOnly, cols[3])
		m.inForce, _ = time.Parse(time.DateOnly, cols[4])
		rows[cols[0]] = m
	}
	return rows
}

// mergeParts joins files that share one ID. Files with distinct subtitles
// and disjoint article numbers are parts of one law (民法典 has one file per
// 编) and merge, in article order, with the part named as the outermost
// heading; any other file with the same ID is a duplicate.
func mergeParts(group []*fileJob) (*Law, []*fileJob) {
	first := group[0].law
	if len(group) == 1 {
		return first, nil
	}
	var parts, dups []*fileJob
	used := map[[2]int]bool{}
	subtitles := map[string]bool{}
	for _, j := range group {
		l := j.law
		ok := l.Subtitle != "" && !subtitles[l.Subtitle] && l.Name == first.Name
		for _, a := range l.Articles {
			if used[[2]int{a.Number, a.Sub}] {
				ok = false
			}
		}
		if !ok {
			dups = append(dups, j)
			continue
		}
		subtitles[l.Subtitle] = true
		for _, a := range l.Articles {
			used[[2]int{a.Number, a.Sub}] = true
		}
		parts = append(parts, j)
	}
	if len(parts) < 2 {
		return first, group[1:]
	}
	sort.Slice(parts, func(a, b int) bool {
		return parts[a].law.Articles[0].Number < parts[b].law.Articles[0].Number
	})
	merged := *parts[0].law
	merged.Subtitle = ""
	merged.Articles = nil
	merged.Source = filepath.ToSlash(filepath.Dir(parts[0].rel))
	book := 0
	for _, p := range parts {
		head := p.law.Subtitle
		if head != "附则" {
			book++
			head = "第" + FormatNumber(book) + "编 " + strings.TrimSuffix(head, "编")
		}
		for _, a := range p.law.Articles {
			a.Chapters = append([]string{head}, a.Chapters...)
			merged.Articles = append(merged.Articles, a)
		}
		if p.law.Status != "" {
			merged.Status = p.law.Status
		}
	}
	return &merged, dups
}
