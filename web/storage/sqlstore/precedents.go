package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"lawreview/review/precedent"
	"lawreview/web/storage"
)

// writePrecedentsTx replaces the precedents of a signed review with ps
// (derived by review/precedent from its decided findings) and records the
// revision they come from. Signoff calls it inside its transaction, so a
// review is never signed without its precedents.
func writePrecedentsTx(ctx context.Context, tx execer, reviewID int64, revision int, ps []precedent.Precedent) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM precedents WHERE review_id = ?`, reviewID); err != nil {
		return fmt.Errorf("clear precedents of review %d: %w", reviewID, err)
	}
	now := ts(time.Now())
	for i := range ps {
		if ps[i].ReviewID != reviewID || ps[i].Source != precedent.SourceReview {
			return fmt.Errorf("precedent %s is not of review %d", ps[i].ID, reviewID)
		}
		if err := insertPrecedent(ctx, tx, &ps[i], now); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO precedent_reviews (review_id, revision, recorded_at) VALUES (?, ?, ?)
		ON CONFLICT (review_id) DO UPDATE SET revision = excluded.revision, recorded_at = excluded.recorded_at`, reviewID, revision, now); err != nil {
		return fmt.Errorf("mark precedents of review %d: %w", reviewID, err)
	}
	return logPrecedentChange(ctx, tx, storage.PrecedentChange{ReviewID: reviewID})
}

// sameFindingsTx fails with ErrConflict unless the review's findings are
// still the ones the precedents were derived from.
func sameFindingsTx(ctx context.Context, tx execer, reviewID int64, from []storage.Finding) error {
	now, err := findingsOf(ctx, tx, reviewID)
	if err != nil {
		return err
	}
	if !storage.SameDecisions(from, now) {
		return fmt.Errorf("findings of review %d changed while it was signed: %w", reviewID, storage.ErrConflict)
	}
	return nil
}

// changesKept is how many changes of precedents the log keeps: a node
// further behind (stopped for long) rebuilds its index instead.
const changesKept = 10000

// logPrecedentChange numbers a change of precedents and records it in the
// change log the nodes' indexes follow. The sequence row stays locked
// until the transaction ends, so changes commit in the order of their
// numbers: a node that has seen change n+1 has seen n.
func logPrecedentChange(ctx context.Context, tx execer, c storage.PrecedentChange) error {
	if err := tx.QueryRowContext(ctx, `UPDATE precedent_seq SET seq = seq + 1 WHERE id = 1 RETURNING seq`).Scan(&c.Seq); err != nil {
		return fmt.Errorf("bump precedent sequence: %w", err)
	}
	ids, err := toJSON(c.IDs)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO precedent_changes (seq, review_id, ids, at) VALUES (?, ?, ?, ?)`,
		c.Seq, c.ReviewID, ids, ts(time.Now())); err != nil {
		return fmt.Errorf("log precedent change: %w", err)
	}
	if c.Seq%100 == 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM precedent_changes WHERE seq <= ?`, c.Seq-changesKept); err != nil {
			return fmt.Errorf("prune precedent changes: %w", err)
		}
	}
	return nil
}

func (s *Store) PrecedentChanges(ctx context.Context, seq int64, limit int) ([]storage.PrecedentChange, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, review_id, ids FROM precedent_changes WHERE seq > ? ORDER BY seq LIMIT ?`, seq, limit)
	if err != nil {
		return nil, fmt.Errorf("read precedent changes: %w", err)
	}
	defer rows.Close()
	var out []storage.PrecedentChange
	for rows.Next() {
		var c storage.PrecedentChange
		var ids string
		if err := rows.Scan(&c.Seq, &c.ReviewID, &ids); err != nil {
			return nil, err
		}
		if err := fromJSON(ids, &c.IDs); err != nil {
			return nil, fmt.Errorf("precedent change %d: %w", c.Seq, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

const precedentCols = `id, source, review_id, finding_id, revision, document_id, township_id, office_id, origin, clause, sentence, doc_type,
	doc_title, township, date, rule, rule_title, severity, problem, fix, basis, verdict, reason, conclusion, publisher, url,
	public, citation, case_note`

func insertPrecedent(ctx context.Context, tx execer, p *precedent.Precedent, now string) error {
	basis, err := json.Marshal(p.Basis)
	if err != nil {
		return err
	}
	if p.Basis == nil {
		basis = []byte("[]")
	}
	source, public := p.Source, p.Source == precedent.SourcePublic
	if public {
		source = precedent.SourceImport // see migration 0101
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO precedents (`+precedentCols+`, hash, export_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, source, nullID(p.ReviewID), nullID(p.FindingID), p.Revision, nullID(p.DocumentID), nullID(p.TownshipID), nullID(p.OfficeID),
		p.Origin, p.Clause, p.Sentence, p.DocType, p.DocTitle, p.Township, p.Date, p.Rule, p.RuleTitle, p.Severity, p.Problem, p.Fix,
		string(basis), p.Verdict, p.Reason, p.Conclusion, p.Publisher, p.URL, public, p.Citation, p.Case, p.ContentHash(), p.ExportID(), now)
	if err != nil {
		return fmt.Errorf("insert precedent %s: %w", p.ID, err)
	}
	return nil
}

func scanPrecedent(sc interface{ Scan(...any) error }) (precedent.Precedent, error) {
	var p precedent.Precedent
	var rid, fid, did, tid, oid sql.NullInt64
	var basis string
	var public bool
	err := sc.Scan(&p.ID, &p.Source, &rid, &fid, &p.Revision, &did, &tid, &oid, &p.Origin, &p.Clause, &p.Sentence, &p.DocType,
		&p.DocTitle, &p.Township, &p.Date, &p.Rule, &p.RuleTitle, &p.Severity, &p.Problem, &p.Fix, &basis, &p.Verdict, &p.Reason,
		&p.Conclusion, &p.Publisher, &p.URL, &public, &p.Citation, &p.Case)
	if err != nil {
		return p, err
	}
	if public {
		p.Source = precedent.SourcePublic
	}
	p.ReviewID, p.FindingID, p.DocumentID, p.TownshipID, p.OfficeID = rid.Int64, fid.Int64, did.Int64, tid.Int64, oid.Int64
	_ = json.Unmarshal([]byte(basis), &p.Basis)
	if len(p.Basis) == 0 {
		p.Basis = nil
	}
	return p, nil
}

// RecordPrecedents writes the precedents of a review signed before
// precedents existed.
func (s *Store) RecordPrecedents(ctx context.Context, reviewID int64, revision int, d storage.Derived) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var status storage.ReviewStatus
	var rev int
	// Locked: two nodes backfilling at once replace the review's
	// precedents one after the other, not both into the same ids.
	if err := tx.QueryRowContext(ctx, `SELECT status, revision FROM reviews WHERE id = ?`+tx.db.d.LockRows(), reviewID).Scan(&status, &rev); err != nil {
		return notFound(err)
	}
	if status != storage.ReviewSigned || rev != revision {
		return fmt.Errorf("record precedents of review %d: %w", reviewID, storage.ErrConflict)
	}
	if err := sameFindingsTx(ctx, tx, reviewID, d.From); err != nil {
		return err
	}
	if err := writePrecedentsTx(ctx, tx, reviewID, revision, d.Precedents); err != nil {
		return err
	}
	return tx.Commit()
}

// UnrecordedReviews lists the reviews signed before precedents existed
// (or whose latest sign-off was not recorded).
func (s *Store) UnrecordedReviews(ctx context.Context) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.id FROM reviews r LEFT JOIN precedent_reviews p ON p.review_id = r.id
		WHERE r.status = 'signed' AND (p.review_id IS NULL OR p.revision <> r.revision) ORDER BY r.id`)
	if err != nil {
		return nil, fmt.Errorf("find reviews without precedents: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func (s *Store) ReviewPrecedents(ctx context.Context, reviewID int64) ([]precedent.Precedent, error) {
	return s.queryPrecedents(ctx, `SELECT `+precedentCols+` FROM precedents WHERE review_id = ? ORDER BY id`, reviewID)
}

func (s *Store) queryPrecedents(ctx context.Context, q string, args ...any) ([]precedent.Precedent, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read precedents: %w", err)
	}
	defer rows.Close()
	var out []precedent.Precedent
	for rows.Next() {
		p, err := scanPrecedent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s *Store) Precedent(ctx context.Context, id string) (*precedent.Precedent, error) {
	p, err := scanPrecedent(s.db.QueryRowContext(ctx, `SELECT `+precedentCols+` FROM precedents WHERE id = ?`, id))
	if err != nil {
		return nil, notFound(err)
	}
	return &p, nil
}

// changePrecedents runs fn in one transaction that holds the precedents'
// sequence row, logs the ids fn changed for the other nodes and commits.
// Bulk writers (imports, the public bank) take turns on that row, which
// every change of precedents updates: each decides, record by record,
// between adding and replacing on what it reads, so two at once (two
// nodes loading the public bank at their first start) must not both read
// "absent" and both add.
func (s *Store) changePrecedents(ctx context.Context, what string, fn func(tx *Tx, now string) (changed []string, err error)) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT seq FROM precedent_seq WHERE id = 1`+tx.db.d.LockRows()).Scan(&seq); err != nil {
		return fmt.Errorf("lock precedents: %w", err)
	}
	changed, err := fn(tx, ts(time.Now()))
	if err != nil {
		return err
	}
	if len(changed) > 0 {
		if err := logPrecedentChange(ctx, tx, storage.PrecedentChange{IDs: changed}); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit %s: %w", what, err)
	}
	return nil
}

// ImportPrecedents writes all records in one transaction.
func (s *Store) ImportPrecedents(ctx context.Context, ps []precedent.Precedent) (storage.ImportResult, error) {
	var res storage.ImportResult
	err := s.changePrecedents(ctx, "import", func(tx *Tx, now string) ([]string, error) {
		return importPrecedents(ctx, tx, now, ps, &res)
	})
	if err != nil {
		return storage.ImportResult{}, err
	}
	return res, nil
}

func importPrecedents(ctx context.Context, tx *Tx, now string, ps []precedent.Precedent, res *storage.ImportResult) ([]string, error) {
	var changed []string
	for i := range ps {
		p := ps[i]
		if p.Source != precedent.SourcePublic {
			p.Source = precedent.SourceImport
		}
		p.ReviewID, p.FindingID, p.DocumentID, p.TownshipID, p.OfficeID, p.Revision = 0, 0, 0, 0, 0, 0
		if !strings.HasPrefix(p.ID, "import-") {
			return nil, fmt.Errorf("import precedent %q: id must come from precedent.ImportID", p.ID)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM precedents WHERE id = ?`, p.ID).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM precedents WHERE id = ?`, p.ID); err != nil {
				return nil, fmt.Errorf("replace precedent %s: %w", p.ID, err)
			}
			res.Replaced++
		} else {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM precedents WHERE hash = ?`, p.ContentHash()).Scan(&n); err != nil {
				return nil, err
			}
			if n > 0 {
				res.Skipped++
				continue
			}
			res.Added++
		}
		if err := insertPrecedent(ctx, tx, &p, now); err != nil {
			return nil, err
		}
		changed = append(changed, p.ID)
	}
	return changed, nil
}

// ReplaceBank stores the public bank's entries and deletes the bank's
// records it no longer has, in one transaction.
func (s *Store) ReplaceBank(ctx context.Context, ps []precedent.Precedent) (storage.ImportResult, error) {
	var res storage.ImportResult
	err := s.changePrecedents(ctx, "public bank", func(tx *Tx, now string) ([]string, error) {
		return replaceBank(ctx, tx, now, ps, &res)
	})
	if err != nil {
		return storage.ImportResult{}, err
	}
	return res, nil
}

func replaceBank(ctx context.Context, tx *Tx, now string, ps []precedent.Precedent, res *storage.ImportResult) ([]string, error) {
	keep := make(map[string]bool, len(ps))
	var changed []string
	for i := range ps {
		p := ps[i]
		if !precedent.IsBankID(p.ID) || p.Source != precedent.SourcePublic {
			return nil, fmt.Errorf("bank precedent %q: not an entry of the public bank", p.ID)
		}
		p.ReviewID, p.FindingID, p.DocumentID, p.TownshipID, p.OfficeID, p.Revision, p.Origin = 0, 0, 0, 0, 0, 0, ""
		if len(p.Basis) == 0 {
			p.Basis = nil
		}
		keep[p.ID] = true
		old, err := scanPrecedent(tx.QueryRowContext(ctx, `SELECT `+precedentCols+` FROM precedents WHERE id = ?`, p.ID))
		switch {
		case err == nil && reflect.DeepEqual(old, p):
			continue
		case err == nil:
			if _, err := tx.ExecContext(ctx, `DELETE FROM precedents WHERE id = ?`, p.ID); err != nil {
				return nil, fmt.Errorf("replace bank precedent %s: %w", p.ID, err)
			}
			res.Replaced++
		case errors.Is(err, sql.ErrNoRows):
			res.Added++
		default:
			return nil, fmt.Errorf("read bank precedent %s: %w", p.ID, err)
		}
		if err := insertPrecedent(ctx, tx, &p, now); err != nil {
			return nil, err
		}
		changed = append(changed, p.ID)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM precedents WHERE substr(id, 1, ?) = ?`, len(precedent.ImportID(precedent.BankPrefix)), precedent.ImportID(precedent.BankPrefix))
	if err != nil {
		return nil, fmt.Errorf("list bank precedents: %w", err)
	}
	var gone []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		if !keep[id] {
			gone = append(gone, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, id := range gone {
		if _, err := tx.ExecContext(ctx, `DELETE FROM precedents WHERE id = ?`, id); err != nil {
			return nil, fmt.Errorf("delete dropped bank precedent %s: %w", id, err)
		}
		res.Removed++
		changed = append(changed, id) // the nodes' indexes drop what the store no longer has
	}
	return changed, nil
}

func (s *Store) EachPrecedent(ctx context.Context, fn func(p *precedent.Precedent) error) error {
	// Pages by key so that a long walk (export, index rebuild) neither
	// holds one read transaction open nor loads everything at once.
	const page = 2000
	lastDate, lastExport, lastID := "", "", ""
	for {
		ps, err := s.queryPrecedents(ctx, `SELECT `+precedentCols+` FROM precedents WHERE (date, export_id, id) > (?, ?, ?)
			ORDER BY date, export_id, id LIMIT ?`, lastDate, lastExport, lastID, page)
		if err != nil {
			return err
		}
		for i := range ps {
			if err := fn(&ps[i]); err != nil {
				return err
			}
		}
		if len(ps) < page {
			return nil
		}
		last := ps[len(ps)-1]
		lastDate, lastExport, lastID = last.Date, last.ExportID(), last.ID
	}
}

func (s *Store) PrecedentStamp(ctx context.Context) (string, error) {
	var seq, n int64
	if err := s.db.QueryRowContext(ctx, `SELECT seq, (SELECT COUNT(*) FROM precedents) FROM precedent_seq WHERE id = 1`).Scan(&seq, &n); err != nil {
		return "", fmt.Errorf("read precedent stamp: %w", err)
	}
	return fmt.Sprintf("%d/%d", seq, n), nil
}

func (s *Store) RuleStats(ctx context.Context) ([]storage.RuleStat, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT f.rule, MAX(f.item),
		SUM(CASE WHEN f.state = 'accepted' THEN 1 ELSE 0 END),
		SUM(CASE WHEN f.state = 'dismissed' THEN 1 ELSE 0 END),
		SUM(CASE WHEN f.state = 'open' THEN 1 ELSE 0 END)
		FROM findings f JOIN reviews r ON r.id = f.review_id
		WHERE r.status = 'signed' AND f.origin = 'engine' AND f.rule <> ''
		GROUP BY f.rule ORDER BY f.rule`)
	if err != nil {
		return nil, fmt.Errorf("rule statistics: %w", err)
	}
	defer rows.Close()
	var out []storage.RuleStat
	for rows.Next() {
		var r storage.RuleStat
		if err := rows.Scan(&r.Rule, &r.Title, &r.Accepted, &r.Dismissed, &r.Open); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
