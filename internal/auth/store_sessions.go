package auth

import (
	"context"
	"errors"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// SessionStore keeps scs's sessions in the sessions table, as pgxstore
// does, with two differences: it reads through the request's context, and
// with a session it reads the accounts' revision and hands it on inside
// the session's data (see withUsersRevision), so that LoadUser can answer
// from the accounts it has already read.
type SessionStore struct{ pool *pgxpool.Pool }

// NewSessionStore returns the store; the server sweeps expired sessions
// with DeleteExpired.
func NewSessionStore(pool *pgxpool.Pool) *SessionStore { return &SessionStore{pool: pool} }

var _ scs.CtxStore = (*SessionStore)(nil)

// FindCtx returns the data of an unexpired session, with the accounts'
// revision read in the same query put in front of it for SessionCodec.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	var revision int64
	err := s.pool.QueryRow(ctx, `select s.data, r.n from sessions s, revisions r
		where r.name = 'users' and s.token = $1 and current_timestamp < s.expiry`, token).Scan(&b, &revision)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return withUsersRevision(b, revision), true, nil
}

// CommitCtx stores a session's data and expiry.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	_, err := s.pool.Exec(ctx, `insert into sessions (token, data, expiry) values ($1, $2, $3)
		on conflict (token) do update set data = excluded.data, expiry = excluded.expiry`, token, b, expiry)
	return err
}

// DeleteCtx removes a session.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.pool.Exec(ctx, `delete from sessions where token = $1`, token)
	return err
}

// Find is FindCtx without a request.
func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit is CommitCtx without a request.
func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// Delete is DeleteCtx without a request.
func (s *SessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// DeleteExpired removes expired sessions (the server calls it every few
// minutes); FindCtx already ignores them. Expiry is the database's clock,
// as in FindCtx: scs writes it from the machine's, never from Deps.Now.
func (s *SessionStore) DeleteExpired(ctx context.Context) error {
	_, err := s.pool.Exec(ctx, "delete from sessions where expiry < now()")
	return err
}
