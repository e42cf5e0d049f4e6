// Package sqlstore implements storage.Store once, in plain SQL through
// database/sql, for every database a Dialect describes: SQLite
// (web/storage/sqlite, one machine) and PostgreSQL (web/storage/postgres,
// several server nodes). Each method is one transaction; where a
// transaction reads rows and then writes because of what it read, it
// locks them first (Dialect.LockRows, LockKeys), which SQLite needs not
// (its write transactions exclude each other from BEGIN) and PostgreSQL
// does under concurrent nodes.
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"lawreview/review/opinion"
	"lawreview/web/storage"
)

// Store is the storage.Store of a SQL database.
type Store struct {
	db *DB
}

var _ storage.Store = (*Store)(nil)

// New wraps an open database whose schema Migrate brought up to date.
func New(raw *sql.DB, d Dialect) *Store { return &Store{db: newDB(raw, d)} }

// Dialect is the store's database dialect.
func (s *Store) Dialect() Dialect { return s.db.d }

// ExecRaw runs SQL of the caller's own, for tests that set up a state no
// method makes (a review signed before precedents existed).
func (s *Store) ExecRaw(ctx context.Context, query string) error {
	_, err := s.db.ExecContext(ctx, query)
	return err
}

// QueryRaw scans the one row of a query of the caller's own (tests that
// read what no method reports, such as a connection's settings).
func (s *Store) QueryRaw(ctx context.Context, query string, dest ...any) error {
	return s.db.QueryRowContext(ctx, query).Scan(dest...)
}

// Close closes the database (SQLite checkpoints its WAL first).
func (s *Store) Close() error {
	s.db.closeStmts()
	_ = s.db.d.Close(s.db.raw)
	return s.db.raw.Close()
}

// SchemaVersion returns the highest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	return int(v.Int64), err
}

func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	// Fixed width so that string comparison in SQL orders like time.
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

func parseTS(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func parseDay(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02", s, time.Local)
	if err != nil {
		return time.Time{}
	}
	return t
}

// toJSON encodes a structured column; an empty list is stored as [] like
// the column's default.
func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if string(b) == "null" {
		return "[]", nil
	}
	return string(b), nil
}

// fromJSON decodes a structured column ("" and null leave v empty).
func fromJSON(s string, v any) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}

// nullID stores 0 as NULL so that optional foreign keys stay valid.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func (s *Store) isUnique(err error) bool { return err != nil && s.db.d.IsUnique(err) }

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return storage.ErrNotFound
	}
	return err
}

// Counts returns the number of rows per table, for tests and the admin page.
func (s *Store) Counts(ctx context.Context) (storage.Counts, error) {
	c := storage.Counts{}
	for _, t := range []string{"offices", "townships", "users", "sessions", "documents", "versions", "reviews", "findings", "comments", "review_events", "signoffs", "signed_files", "document_advisers", "audit_log", "review_type_changes"} {
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		c[t] = n
	}
	return c, nil
}

// ---- offices and townships

func (s *Store) CreateOffice(ctx context.Context, name string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO offices (name, created_at) VALUES (?, ?) RETURNING id`, name, ts(time.Now())).Scan(&id)
	if s.isUnique(err) {
		return 0, storage.ErrDuplicate
	}
	if err != nil {
		return 0, fmt.Errorf("create office: %w", err)
	}
	return id, nil
}

func (s *Store) ListOffices(ctx context.Context) ([]storage.Office, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, province, letterhead_text, letterhead_off, created_at FROM offices ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list offices: %w", err)
	}
	defer rows.Close()
	var out []storage.Office
	for rows.Next() {
		var o storage.Office
		var c string
		if err := rows.Scan(&o.ID, &o.Name, &o.Province, &o.Letterhead.Text, &o.Letterhead.Off, &c); err != nil {
			return nil, err
		}
		o.CreatedAt = parseTS(c)
		out = append(out, o)
	}
	return out, rows.Err()
}

func (s *Store) SetOfficeProvince(ctx context.Context, officeID int64, province string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE offices SET province = ? WHERE id = ?`, province, officeID)
	if err != nil {
		return fmt.Errorf("set office province: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return storage.ErrNotFound
	}
	return nil
}

func (s *Store) SetOfficeLetterhead(ctx context.Context, officeID int64, lh opinion.Letterhead) error {
	res, err := s.db.ExecContext(ctx, `UPDATE offices SET letterhead_text = ?, letterhead_off = ? WHERE id = ?`, lh.Text, lh.Off, officeID)
	if err != nil {
		return fmt.Errorf("set office letterhead: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return storage.ErrNotFound
	}
	return nil
}

func (s *Store) CreateTownship(ctx context.Context, name string, officeID int64) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO townships (name, office_id, created_at) VALUES (?, ?, ?) RETURNING id`, name, nullID(officeID), ts(time.Now())).Scan(&id)
	if s.isUnique(err) {
		return 0, storage.ErrDuplicate
	}
	if err != nil {
		return 0, fmt.Errorf("create township: %w", err)
	}
	return id, nil
}

func (s *Store) SetTownshipOffice(ctx context.Context, townshipID, officeID int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE townships SET office_id = ? WHERE id = ?`, nullID(officeID), townshipID)
	if err != nil {
		return fmt.Errorf("set township office: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return storage.ErrNotFound
	}
	return nil
}

const townshipCols = `t.id, t.name, COALESCE(t.office_id, 0), COALESCE(o.name, ''), t.created_at FROM townships t LEFT JOIN offices o ON o.id = t.office_id`

func scanTownship(sc interface{ Scan(...any) error }) (storage.Township, error) {
	var t storage.Township
	var c string
	err := sc.Scan(&t.ID, &t.Name, &t.OfficeID, &t.OfficeName, &c)
	t.CreatedAt = parseTS(c)
	return t, err
}

func (s *Store) ListTownships(ctx context.Context) ([]storage.Township, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+townshipCols+` ORDER BY t.id`)
	if err != nil {
		return nil, fmt.Errorf("list townships: %w", err)
	}
	defer rows.Close()
	var out []storage.Township
	for rows.Next() {
		t, err := scanTownship(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (s *Store) Township(ctx context.Context, id int64) (*storage.Township, error) {
	t, err := scanTownship(s.db.QueryRowContext(ctx, `SELECT `+townshipCols+` WHERE t.id = ?`, id))
	if err != nil {
		return nil, notFound(err)
	}
	return &t, nil
}

// ---- users

const userCols = `u.id, u.username, u.display_name, u.role, COALESCE(u.township_id, 0), COALESCE(t.name, ''),
	COALESCE(u.office_id, 0), COALESCE(o.name, ''), COALESCE(u.bureau_id, 0), COALESCE(b.name, ''),
	COALESCE(w.province, ''), u.password_hash, u.disabled, u.created_at, u.last_login_at
	FROM users u LEFT JOIN townships t ON t.id = u.township_id LEFT JOIN offices o ON o.id = u.office_id
	LEFT JOIN bureaus b ON b.id = u.bureau_id
	LEFT JOIN offices w ON w.id = CASE WHEN u.role = 'clerk' AND t.id IS NOT NULL THEN t.office_id ELSE u.office_id END`

// userCols' last join, w, is the office the user works for, as
// workflow's userOffice finds it: a clerk's township's office (none when
// the township has none), else the user's own; its province is
// User.Province.

func scanUser(sc interface{ Scan(...any) error }) (storage.User, error) {
	var u storage.User
	var c, l string
	err := sc.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.TownshipID, &u.TownshipName,
		&u.OfficeID, &u.OfficeName, &u.BureauID, &u.BureauName, &u.Province, &u.PasswordHash, &u.Disabled, &c, &l)
	u.CreatedAt, u.LastLoginAt = parseTS(c), parseTS(l)
	u.ProvinceRead = err == nil
	return u, err
}

func (s *Store) CreateUser(ctx context.Context, u *storage.User) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO users (username, display_name, role, township_id, office_id, bureau_id, password_hash, disabled, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.Username, u.DisplayName, u.Role, nullID(u.TownshipID), nullID(u.OfficeID), nullID(u.BureauID), u.PasswordHash, u.Disabled, ts(time.Now())).Scan(&id)
	if s.isUnique(err) {
		return 0, storage.ErrDuplicate
	}
	if err != nil {
		return 0, fmt.Errorf("create user %s: %w", u.Username, err)
	}
	return id, nil
}

func (s *Store) UpdateUser(ctx context.Context, u *storage.User) error {
	res, err := s.db.ExecContext(ctx, `UPDATE users SET display_name = ?, role = ?, township_id = ?, office_id = ?, bureau_id = ?, disabled = ? WHERE id = ?`,
		u.DisplayName, u.Role, nullID(u.TownshipID), nullID(u.OfficeID), nullID(u.BureauID), u.Disabled, u.ID)
	if err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return storage.ErrNotFound
	}
	if u.Disabled {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
			return fmt.Errorf("end sessions of user %d: %w", u.ID, err)
		}
	}
	return nil
}

func (s *Store) SetPassword(ctx context.Context, userID int64, hash string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return storage.ErrNotFound
	}
	// A new password ends every session opened with the old one.
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	return tx.Commit()
}

func (s *Store) User(ctx context.Context, id int64) (*storage.User, error) {
	u, err := scanUser(s.db.queryRowPrepared(ctx, `SELECT `+userCols+` WHERE u.id = ?`, id)) // every request's: prepared once
	if err != nil {
		return nil, notFound(err)
	}
	return &u, nil
}

func (s *Store) UserByName(ctx context.Context, username string) (*storage.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userCols+` WHERE u.username = ?`, username))
	if err != nil {
		return nil, notFound(err)
	}
	return &u, nil
}

func (s *Store) ListUsers(ctx context.Context) ([]storage.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userCols+` ORDER BY u.id`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []storage.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

func (s *Store) TouchLogin(ctx context.Context, userID int64, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, ts(at), userID)
	return err
}

// ---- sessions

func (s *Store) CreateSession(ctx context.Context, se *storage.Session) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		se.TokenHash, se.UserID, se.CSRFToken, ts(se.CreatedAt), ts(se.ExpiresAt), se.IP, se.UserAgent)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

func (s *Store) Session(ctx context.Context, tokenHash string) (*storage.Session, error) {
	var se storage.Session
	var c, e string
	// every request's: prepared once
	err := s.db.queryRowPrepared(ctx, `SELECT token_hash, user_id, csrf_token, created_at, expires_at, ip, user_agent FROM sessions WHERE token_hash = ?`, tokenHash).
		Scan(&se.TokenHash, &se.UserID, &se.CSRFToken, &c, &e, &se.IP, &se.UserAgent)
	if err != nil {
		return nil, notFound(err)
	}
	se.CreatedAt, se.ExpiresAt = parseTS(c), parseTS(e)
	return &se, nil
}

func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, ts(now))
	return err
}
