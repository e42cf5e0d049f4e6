package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"lawreview/web/storage"
)

// ---- bureaus

func (s *Store) CreateBureau(ctx context.Context, name string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO bureaus (name, created_at) VALUES (?, ?) RETURNING id`, name, ts(time.Now())).Scan(&id)
	if s.isUnique(err) {
		return 0, storage.ErrDuplicate
	}
	if err != nil {
		return 0, fmt.Errorf("create bureau: %w", err)
	}
	return id, nil
}

func (s *Store) ListBureaus(ctx context.Context) ([]storage.Bureau, error) {
	return s.bureaus(ctx, 0)
}

func (s *Store) Bureau(ctx context.Context, id int64) (*storage.Bureau, error) {
	bs, err := s.bureaus(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(bs) == 0 {
		return nil, storage.ErrNotFound
	}
	return &bs[0], nil
}

// bureaus lists one bureau (id) or all (0) with their offices.
func (s *Store) bureaus(ctx context.Context, id int64) ([]storage.Bureau, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT b.id, b.name, b.created_at, COALESCE(bo.office_id, 0)
		FROM bureaus b LEFT JOIN bureau_offices bo ON bo.bureau_id = b.id
		WHERE ? = 0 OR b.id = ? ORDER BY b.id, bo.office_id`, id, id)
	if err != nil {
		return nil, fmt.Errorf("list bureaus: %w", err)
	}
	defer rows.Close()
	var out []storage.Bureau
	for rows.Next() {
		var b storage.Bureau
		var c string
		var office int64
		if err := rows.Scan(&b.ID, &b.Name, &c, &office); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != b.ID {
			b.CreatedAt = parseTS(c)
			out = append(out, b)
		}
		if office != 0 {
			last := &out[len(out)-1]
			last.OfficeIDs = append(last.OfficeIDs, office)
		}
	}
	return out, rows.Err()
}

func (s *Store) SetBureauOffices(ctx context.Context, bureauID int64, officeIDs []int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bureaus WHERE id = ?`, bureauID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return storage.ErrNotFound
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM bureau_offices WHERE bureau_id = ?`, bureauID); err != nil {
		return fmt.Errorf("set bureau offices: %w", err)
	}
	for _, o := range officeIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO bureau_offices (bureau_id, office_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, bureauID, o); err != nil {
			return fmt.Errorf("set bureau offices: %w", err)
		}
	}
	return tx.Commit()
}

// ---- statistics

// inOffices is "col IN (...)" for a scope's offices: no condition for nil
// (every office), none matching for an empty list.
func inOffices(col string, ids []int64) (string, []any) {
	if ids == nil {
		return "1 = 1", nil
	}
	if len(ids) == 0 {
		return "0 = 1", nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return col + " IN (?" + strings.Repeat(", ?", len(ids)-1) + ")", args
}

// period is [from, to) as stored times; a zero bound is open.
func period(col string, sc storage.StatsScope) (string, []any) {
	from, to := "", "9999"
	if !sc.From.IsZero() {
		from = ts(sc.From)
	}
	if !sc.To.IsZero() {
		to = ts(sc.To)
	}
	return col + " >= ? AND " + col + " < ?", []any{from, to}
}

func where(conds ...func() (string, []any)) (string, []any) {
	var parts []string
	var args []any
	for _, c := range conds {
		s, a := c()
		parts = append(parts, s)
		args = append(args, a...)
	}
	return strings.Join(parts, " AND "), args
}

const statsSignoffCols = `s.id, s.review_id, r.document_id, s.revision, v.number, v.uploaded_at, s.signed_at, s.conclusion, s.number,
	COALESCE(NULLIF(s.signer_name, ''), u.display_name), COALESCE(s.office_id, 0), s.office_name, s.township_name,
	r.status = 'signed' AND r.revision = s.revision,
	v.number = (SELECT MAX(v2.number) FROM versions v2 WHERE v2.document_id = r.document_id),
	d.title, d.doc_type, d.township_id
	FROM signoffs s JOIN reviews r ON r.id = s.review_id JOIN versions v ON v.id = r.version_id JOIN users u ON u.id = s.user_id
	JOIN documents d ON d.id = r.document_id`

func scanStatsSignoff(sc interface{ Scan(...any) error }) (storage.StatsSignoff, error) {
	var so storage.StatsSignoff
	var up, at string
	err := sc.Scan(&so.ID, &so.ReviewID, &so.DocumentID, &so.Revision, &so.Version, &up, &at, &so.Conclusion, &so.Number,
		&so.Signer, &so.OfficeID, &so.Office, &so.Township, &so.Current, &so.Latest, &so.Title, &so.Type, &so.TownshipID)
	so.Uploaded, so.SignedAt = parseTS(up), parseTS(at)
	return so, err
}

func (s *Store) Register(ctx context.Context, sc storage.StatsScope) ([]storage.StatsSignoff, error) {
	w, args := where(func() (string, []any) { return period("s.signed_at", sc) }, func() (string, []any) { return inOffices("s.office_id", sc.OfficeIDs) })
	rows, err := s.db.QueryContext(ctx, `SELECT `+statsSignoffCols+` WHERE `+w+` ORDER BY s.signed_at, s.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read register: %w", err)
	}
	defer rows.Close()
	var out []storage.StatsSignoff
	for rows.Next() {
		so, err := scanStatsSignoff(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, so)
	}
	return out, rows.Err()
}

func (s *Store) RegisterEntry(ctx context.Context, id int64) (*storage.StatsSignoff, error) {
	so, err := scanStatsSignoff(s.db.QueryRowContext(ctx, `SELECT `+statsSignoffCols+` WHERE s.id = ?`, id))
	if err != nil {
		return nil, notFound(err)
	}
	return &so, nil
}

func (s *Store) StatsFacts(ctx context.Context, sc storage.StatsScope) (*storage.StatsFacts, error) {
	out := &storage.StatsFacts{}
	var err error
	if out.Signoffs, err = s.Register(ctx, sc); err != nil {
		return nil, err
	}

	w, args := where(func() (string, []any) { return period("v.uploaded_at", sc) }, func() (string, []any) { return inOffices("t.office_id", sc.OfficeIDs) })
	rows, err := s.db.QueryContext(ctx, `SELECT v.document_id, v.number, v.uploaded_at FROM versions v
		JOIN documents d ON d.id = v.document_id JOIN townships t ON t.id = d.township_id
		WHERE v.number > 1 AND `+w+` ORDER BY v.uploaded_at, v.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read revisions: %w", err)
	}
	for rows.Next() {
		var r storage.StatsRevision
		var at string
		if err := rows.Scan(&r.DocumentID, &r.Number, &at); err != nil {
			rows.Close()
			return nil, err
		}
		r.UploadedAt = parseTS(at)
		out.Revisions = append(out.Revisions, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Findings of the reviews whose current signature is in the period.
	w, args = where(func() (string, []any) { return period("s.signed_at", sc) }, func() (string, []any) { return inOffices("s.office_id", sc.OfficeIDs) })
	rows, err = s.db.QueryContext(ctx, `SELECT f.id, f.review_id, r.document_id, f.origin, f.rule, f.item, f.extra, f.severity, f.state, f.message
		FROM findings f JOIN reviews r ON r.id = f.review_id JOIN signoffs s ON s.review_id = r.id AND s.revision = r.revision
		WHERE r.status = 'signed' AND `+w+` ORDER BY f.review_id, f.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read findings: %w", err)
	}
	for rows.Next() {
		var f storage.StatsFinding
		var extra string
		if err := rows.Scan(&f.ID, &f.ReviewID, &f.DocumentID, &f.Origin, &f.Rule, &f.Item, &extra, &f.Severity, &f.State, &f.Message); err != nil {
			rows.Close()
			return nil, err
		}
		if extra != "" {
			var e struct {
				Title string `json:"title"`
			}
			if err := json.Unmarshal([]byte(extra), &e); err != nil {
				rows.Close()
				return nil, fmt.Errorf("engine finding %d: %w", f.ID, err)
			}
			f.Title = e.Title
		}
		out.Findings = append(out.Findings, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// The documents received in the period, and those the facts above
	// refer to.
	w, args = where(func() (string, []any) { return period("d.created_at", sc) }, func() (string, []any) { return inOffices("t.office_id", sc.OfficeIDs) })
	refs := map[int64]bool{}
	for _, so := range out.Signoffs {
		refs[so.DocumentID] = true
	}
	for _, r := range out.Revisions {
		refs[r.DocumentID] = true
	}
	q := `SELECT d.id, d.title, d.doc_type, d.township_id, t.name, COALESCE(t.office_id, 0), d.created_at, d.meeting_date, d.status,
		(SELECT COUNT(*) FROM versions v WHERE v.document_id = d.id)
		FROM documents d JOIN townships t ON t.id = d.township_id WHERE (` + w + `)`
	if len(refs) > 0 {
		// The ids go in as a JSON array: one parameter however many.
		ids := make([]int64, 0, len(refs))
		for id := range refs {
			ids = append(ids, id)
		}
		b, _ := json.Marshal(ids)
		q += ` OR d.id IN (` + s.db.d.JSONIDs() + `)`
		args = append(args, string(b))
	}
	rows, err = s.db.QueryContext(ctx, q+` ORDER BY d.created_at, d.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read documents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d storage.StatsDocument
		var c, meeting string
		if err := rows.Scan(&d.ID, &d.Title, &d.Type, &d.TownshipID, &d.Township, &d.OfficeID, &c, &meeting, &d.Status, &d.Versions); err != nil {
			return nil, err
		}
		d.Received, d.Meeting = parseTS(c), parseDay(meeting)
		out.Documents = append(out.Documents, d)
	}
	return out, rows.Err()
}
