package petitions_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// More cards opened at once than the pool has connections: each opening is a
// transaction (it is audited), so a read through the pool inside it would
// wait for a second connection while holding one, and all would hang.
func TestManyCardsAtOnceDoNotExhaustThePool(t *testing.T) {
	srv := server(t)
	p := petitionstest.Progress(t, srv.Pool, register(t, srv.Pool, petitionstest.Sub{}), petitions.AwaitingResolution, testNow)
	id := p.ID
	head := srv.Client(t, "head")
	head.HTTP.Timeout = 60 * time.Second
	n := int(srv.Pool.Config().MaxConns) * 4
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := head.HTTP.Get(fmt.Sprintf("%s/petitions/%d", srv.URL, id))
			if err != nil {
				errs <- err
				return
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				errs <- fmt.Errorf("status %d", res.StatusCode)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
