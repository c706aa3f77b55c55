package delegationstest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// userID is the id of the account username.
func userID(t testing.TB, pool *pgxpool.Pool, username string) int64 {
	t.Helper()
	var id int64
	if err := pool.QueryRow(context.Background(), `select id from users where username = $1`, username).Scan(&id); err != nil {
		t.Fatalf("account %s: %v", username, err)
	}
	return id
}
