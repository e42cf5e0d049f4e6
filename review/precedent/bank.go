package precedent

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
)

// The public bank: verdicts on clauses published by authorities and
// courts (bank/README.md), embedded so that every office starts with them.
//
//go:embed bank
var bankFS embed.FS

// PublicBank is the embedded bank, validated.
type PublicBank struct {
	Entries []Precedent // Source = SourcePublic, ID = ImportID(the file's id), in file then line order
	// Version is a hash of the bank's files: it changes whenever an entry
	// is added, corrected or removed, so that a data directory can tell
	// that its copy is out of date.
	Version string
}

var (
	bankOnce sync.Once
	bank     *PublicBank
	bankErr  error
)

// Bank returns the embedded public bank. Every entry has been checked
// (CheckBank); an error means the binary was built with a broken bank.
func Bank() (*PublicBank, error) {
	bankOnce.Do(func() { bank, bankErr = loadBank(bankFS, time.Now()) })
	return bank, bankErr
}

func loadBank(fsys fs.FS, now time.Time) (*PublicBank, error) {
	names, err := fs.Glob(fsys, "bank/*.jsonl")
	if err != nil {
		return nil, fmt.Errorf("list precedent bank: %w", err)
	}
	sort.Strings(names)
	h := sha256.New()
	b := &PublicBank{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read precedent bank %s: %w", name, err)
		}
		ps, err := Decode(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("公开案例库 %s：%w", path.Base(name), err)
		}
		h.Write([]byte(path.Base(name)))
		h.Write([]byte{0})
		h.Write(data)
		h.Write([]byte{0})
		b.Entries = append(b.Entries, ps...)
	}
	if err := CheckBank(b.Entries, now); err != nil {
		return nil, err
	}
	b.Version = "bank-" + hex.EncodeToString(h.Sum(nil))[:16]
	return b, nil
}

// BankError lists the entries of the bank that break its rules.
type BankError struct{ Problems []string }

func (e *BankError) Error() string {
	return "公开案例库有错误：" + strings.Join(e.Problems, "；")
}

// CheckBank checks what the JSON Lines format leaves optional but a
// published case needs: a stable id, the public source with its publisher
// and address, a publication date not in the future, and for an unlawful
// clause the problem and the articles it breaks; ids and (clause, address)
// pairs unique across the files. The basis articles are checked against
// the law corpus by the bank's test, which can see the corpus.
func CheckBank(ps []Precedent, now time.Time) error {
	var bad []string
	add := func(p *Precedent, format string, args ...any) {
		bad = append(bad, fmt.Sprintf("%s：", strings.TrimPrefix(p.ID, "import-"))+fmt.Sprintf(format, args...))
	}
	ids := map[string]bool{}
	clauses := map[string]string{}
	today := now.Format("2006-01-02")
	for i := range ps {
		p := &ps[i]
		key := strings.TrimPrefix(p.ID, "import-")
		switch {
		case !strings.HasPrefix(key, BankPrefix):
			add(p, "编号应以 pub- 开头（公开案例的编号须在文件中写明，升级时据此更新）")
		case ids[p.ID]:
			add(p, "编号重复")
		}
		ids[p.ID] = true
		if p.Source != SourcePublic {
			add(p, "source 应为 public")
		}
		if strings.TrimSpace(p.Publisher) == "" {
			add(p, "缺少 publisher（公布机关）")
		}
		where := strings.TrimSpace(p.URL)
		if where == "" {
			where = strings.TrimSpace(p.Citation)
		}
		if where == "" {
			add(p, "缺少 url（公布地址）或 citation（案号）")
		}
		if p.Date > today {
			add(p, "日期 %s 晚于今天", p.Date)
		}
		if p.Verdict == Unlawful && (strings.TrimSpace(p.Problem) == "" || len(p.Basis) == 0) {
			add(p, "被认定违法的条款须写明 problem（问题）和 basis（依据）")
		}
		for _, b := range p.Basis {
			if strings.TrimSpace(b.Article) == "" {
				add(p, "依据《%s》缺少条文序号", b.Law)
			}
		}
		k := Normalize(p.Clause) + "\x00" + where
		if prev, dup := clauses[k]; dup {
			add(p, "与 %s 是同一来源的同一条款", prev)
		}
		clauses[k] = key
	}
	if len(bad) > 0 {
		return &BankError{Problems: bad}
	}
	return nil
}
