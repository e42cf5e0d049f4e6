package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"lawreview/review/decision"
	"lawreview/web/storage"
)

// CreateUpload writes a document (or a new version of one), its review and
// findings in one transaction; commit runs last inside it.
func (s *Store) CreateUpload(ctx context.Context, up *storage.NewUpload, commit func() error) (docID, versionID, reviewID int64, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("begin upload: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	now := up.At
	if now.IsZero() {
		now = time.Now()
	}
	d := &up.Document
	number := 1
	if d.ID == 0 {
		if err := tx.QueryRowContext(ctx, `INSERT INTO documents (township_id, title, doc_type, meeting_date, note, status, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, d.TownshipID, d.Title, d.Type, day(d.MeetingDate), d.Note, storage.DocPending, d.CreatedBy, ts(now), ts(now)).
			Scan(&docID); err != nil {
			return 0, 0, 0, fmt.Errorf("insert document: %w", err)
		}
	} else {
		docID = d.ID
		// A new version means a new review: the document is pending again.
		// The update comes first: it locks the document's row, so that two
		// new versions uploaded at once (on two nodes) take turns for the
		// next number, and a sign-off that locked it first is seen.
		res, err := tx.ExecContext(ctx, `UPDATE documents SET status = ?, doc_type = ?, updated_at = ? WHERE id = ?`, storage.DocPending, d.Type, ts(now), docID)
		if err != nil {
			return 0, 0, 0, fmt.Errorf("update document: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, 0, 0, storage.ErrNotFound
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE document_id = ?`, docID).Scan(&number); err != nil {
			return 0, 0, 0, fmt.Errorf("next version: %w", err)
		}
	}
	v := &up.Version
	if err := tx.QueryRowContext(ctx, `INSERT INTO versions (document_id, number, file_name, file_sha256, file_size, format, text, note, uploaded_by, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, docID, number, v.FileName, v.FileSHA256, v.FileSize, v.Format, v.Text, v.Note, v.UploadedBy, ts(now)).
		Scan(&versionID); err != nil {
		return 0, 0, 0, fmt.Errorf("insert version: %w", err)
	}
	r := &up.Review
	checklist, err := toJSON(r.Checklist)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("encode checklist: %w", err)
	}
	notices, err := toJSON(r.Notices)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("encode notices: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO reviews (document_id, version_id, doc_type, text, checklist, detected_type, notices, likely_type, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, docID, versionID, r.Type, r.Text, checklist, r.DetectedType, notices, r.LikelyType, storage.ReviewOpen, ts(now), ts(now)).Scan(&reviewID); err != nil {
		return 0, 0, 0, fmt.Errorf("insert review: %w", err)
	}
	for i := range up.Findings {
		f := &up.Findings[i]
		f.ReviewID = reviewID
		if _, err := insertFinding(ctx, tx, f); err != nil {
			return 0, 0, 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO review_events (review_id, revision, user_id, action, detail, created_at) VALUES (?, 1, ?, ?, ?, ?)`,
		reviewID, v.UploadedBy, "upload", fmt.Sprintf("第%d版：%s", number, v.FileName), ts(now)); err != nil {
		return 0, 0, 0, fmt.Errorf("insert event: %w", err)
	}
	if commit != nil {
		if err := commit(); err != nil {
			return 0, 0, 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, 0, fmt.Errorf("commit upload: %w", err)
	}
	return docID, versionID, reviewID, nil
}

// encodeFinding is the JSON columns of a finding: its basis, its related
// articles and the engine's whole finding ("" for a reviewer's own).
func encodeFinding(f *storage.Finding) (basis, related, engine string, err error) {
	if basis, err = toJSON(f.Basis); err != nil {
		return "", "", "", fmt.Errorf("encode basis: %w", err)
	}
	if related, err = toJSON(f.Related); err != nil {
		return "", "", "", fmt.Errorf("encode related articles: %w", err)
	}
	if f.Engine != nil {
		if engine, err = toJSON(f.Engine); err != nil {
			return "", "", "", fmt.Errorf("encode engine finding: %w", err)
		}
	}
	return basis, related, engine, nil
}

func insertFinding(ctx context.Context, tx *Tx, f *storage.Finding) (int64, error) {
	if f.State == "" {
		f.State = decision.FindingOpen
	}
	basis, related, engine, err := encodeFinding(f)
	if err != nil {
		return 0, err
	}
	// The id comes from finding_seq (migration 0020): never one a dropped
	// finding had. CASE rather than SQLite's MAX(a, b), which PostgreSQL
	// spells GREATEST.
	var id int64
	if err := tx.QueryRowContext(ctx, `UPDATE finding_seq SET last = CASE WHEN last >= (SELECT COALESCE(MAX(id), 0) FROM findings)
		THEN last ELSE (SELECT COALESCE(MAX(id), 0) FROM findings) END + 1 WHERE id = 1 RETURNING last`).Scan(&id); err != nil {
		return 0, fmt.Errorf("next finding id: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO findings (id, review_id, origin, rule, item, severity, message, suggestion, replacement, quote, start_offset, end_offset, line, basis, related, extra, state, created_by, decided_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, f.ReviewID, f.Origin, f.Rule, f.Item, f.Severity, f.Message, f.Suggestion, f.Replacement, f.Quote,
		f.Start, f.End, f.Line, basis, related, engine, f.State, nullID(f.CreatedBy), nullID(f.DecidedBy)); err != nil {
		return 0, fmt.Errorf("insert finding: %w", err)
	}
	return id, nil
}

// docCols selects a document with its latest version, that version's review
// and the counts of error and warning findings not dismissed.
const docCols = `d.id, d.township_id, t.name, COALESCE(t.office_id, 0), d.title, d.doc_type, d.meeting_date, d.note, d.status,
	d.created_by, u.display_name, d.created_at, d.updated_at,
	COALESCE(v.number, 0), COALESCE(r.id, 0), COALESCE(r.conclusion, ''),
	(SELECT COUNT(*) FROM findings f WHERE f.review_id = r.id AND f.severity = 'error' AND f.state <> 'dismissed'),
	(SELECT COUNT(*) FROM findings f WHERE f.review_id = r.id AND f.severity = 'warning' AND f.state <> 'dismissed')
	FROM documents d
	JOIN townships t ON t.id = d.township_id
	JOIN users u ON u.id = d.created_by
	LEFT JOIN versions v ON v.document_id = d.id AND v.number = (SELECT MAX(number) FROM versions WHERE document_id = d.id)
	LEFT JOIN reviews r ON r.version_id = v.id`

func scanDoc(sc interface{ Scan(...any) error }) (storage.Document, error) {
	var d storage.Document
	var meeting, c, u string
	err := sc.Scan(&d.ID, &d.TownshipID, &d.TownshipName, &d.OfficeID, &d.Title, &d.Type, &meeting, &d.Note, &d.Status,
		&d.CreatedBy, &d.CreatorName, &c, &u, &d.LatestVersion, &d.LatestReviewID, &d.Conclusion, &d.Errors, &d.Warnings)
	d.MeetingDate, d.CreatedAt, d.UpdatedAt = parseDay(meeting), parseTS(c), parseTS(u)
	return d, err
}

func (s *Store) Document(ctx context.Context, id int64) (*storage.Document, error) {
	d, err := scanDoc(s.db.QueryRowContext(ctx, `SELECT `+docCols+` WHERE d.id = ?`, id))
	if err != nil {
		return nil, notFound(err)
	}
	return &d, nil
}

func (s *Store) ListDocuments(ctx context.Context, f storage.DocFilter) ([]storage.Document, error) {
	var where []string
	var args []any
	if f.TownshipID != 0 {
		where = append(where, "d.township_id = ?")
		args = append(args, f.TownshipID)
	}
	if f.OfficeID != 0 {
		where = append(where, "t.office_id = ?")
		args = append(args, f.OfficeID)
	}
	if f.AdviserID != 0 {
		where = append(where, "EXISTS (SELECT 1 FROM document_advisers a WHERE a.document_id = d.id AND a.user_id = ?)")
		args = append(args, f.AdviserID)
	}
	if len(f.Status) > 0 {
		where = append(where, "d.status IN (?"+strings.Repeat(", ?", len(f.Status)-1)+")")
		for _, st := range f.Status {
			args = append(args, st)
		}
	}
	q := `SELECT ` + docCols
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.OrderByMeeting {
		q += ` ORDER BY CASE WHEN d.meeting_date = '' THEN 1 ELSE 0 END, d.meeting_date, d.id`
	} else {
		q += ` ORDER BY d.updated_at DESC, d.id DESC`
	}
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	var out []storage.Document
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

const versionCols = `v.id, v.document_id, v.number, v.file_name, v.file_sha256, v.file_size, v.format, v.text, v.note, v.uploaded_by, u.display_name, v.uploaded_at
	FROM versions v JOIN users u ON u.id = v.uploaded_by`

func scanVersion(sc interface{ Scan(...any) error }) (storage.Version, error) {
	var v storage.Version
	var at string
	err := sc.Scan(&v.ID, &v.DocumentID, &v.Number, &v.FileName, &v.FileSHA256, &v.FileSize, &v.Format, &v.Text, &v.Note, &v.UploadedBy, &v.UploaderName, &at)
	v.UploadedAt = parseTS(at)
	return v, err
}

func (s *Store) Versions(ctx context.Context, docID int64) ([]storage.Version, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+versionCols+` WHERE v.document_id = ? ORDER BY v.number`, docID)
	if err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	defer rows.Close()
	var out []storage.Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (s *Store) Version(ctx context.Context, id int64) (*storage.Version, error) {
	v, err := scanVersion(s.db.QueryRowContext(ctx, `SELECT `+versionCols+` WHERE v.id = ?`, id))
	if err != nil {
		return nil, notFound(err)
	}
	return &v, nil
}

func (s *Store) SetDocumentType(ctx context.Context, docID int64, typ string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE documents SET doc_type = ?, updated_at = ? WHERE id = ?`, typ, ts(time.Now()), docID)
	if err != nil {
		return fmt.Errorf("set document type: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return storage.ErrNotFound
	}
	return nil
}

func (s *Store) FileSums(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT file_sha256 FROM versions UNION SELECT sha256 FROM signed_files`)
	if err != nil {
		return nil, fmt.Errorf("list stored files: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var sum string
		if err := rows.Scan(&sum); err != nil {
			return nil, err
		}
		out[sum] = true
	}
	return out, rows.Err()
}
