package precedent

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"lawreview/corpus/atomicfile"
	"lawreview/review/precedent"
)

// BankStore is what loading the public bank needs of storage. The web
// store offers it through a small adapter (web/workflow.LoadBank): the
// replacement of the bank's records, the stamp, and the walk an index is
// rebuilt from.
type BankStore interface {
	// ReplaceBank makes the stored bank ps in one transaction: each entry
	// replaces the stored record with its id, and every stored record of
	// the bank's ids (precedent.IsBankID) that ps lacks is deleted. It
	// returns how many records were added, changed or deleted.
	ReplaceBank(ctx context.Context, ps []precedent.Precedent) (int, error)
	PrecedentStamp(ctx context.Context) (string, error)
	EachPrecedent(ctx context.Context, fn func(p *precedent.Precedent) error) error
}

// bankName is the file in the index root that records the version of the
// public bank last loaded into storage and this index.
const bankName = "BANK"

// BankVersion is the version of the public bank last loaded ("" never).
func (ix *Index) BankVersion() string {
	b, err := os.ReadFile(filepath.Join(ix.root, bankName))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// LoadBank brings storage and the index up to the public bank b: at the
// first start, and whenever the binary ships a bank of another version,
// every entry is upserted into storage and, if storage changed, the index
// is rebuilt from it (a rebuild, not an add, so that the index's stamp
// matches storage afterwards). force loads it whatever version was loaded
// last (`lawreview precedent reindex`). It returns how many records of
// storage changed. An entry dropped from a newer bank leaves storage and
// the index: a verdict withdrawn from the bank must stop finding clauses.
func (ix *Index) LoadBank(ctx context.Context, st BankStore, b *precedent.PublicBank, force bool) (int, error) {
	if b == nil || len(b.Entries) == 0 || (!force && ix.BankVersion() == b.Version) {
		return 0, nil
	}
	n, err := st.ReplaceBank(ctx, b.Entries)
	if err != nil {
		return 0, fmt.Errorf("load the public precedent bank into storage: %w", err)
	}
	if n > 0 {
		stamp, err := st.PrecedentStamp(ctx)
		if err != nil {
			return n, err
		}
		if _, err := ix.Rebuild(ctx, st.EachPrecedent, stamp); err != nil {
			return n, err
		}
	}
	if err := atomicfile.WriteFile(filepath.Join(ix.root, bankName), []byte(b.Version+"\n")); err != nil {
		return n, fmt.Errorf("record the public bank's version: %w", err)
	}
	return n, nil
}
