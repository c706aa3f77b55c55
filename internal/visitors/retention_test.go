package visitors

import (
	"testing"
	"time"
)

func TestRetentionRunsNightly(t *testing.T) {
	for _, tc := range []struct{ now, want time.Time }{
		{riga(1998, 11, 2, 1, 0), riga(1998, 11, 2, 3, 15)},
		{riga(1998, 11, 2, 3, 15), riga(1998, 11, 3, 3, 15)},
		{riga(1998, 3, 28, 12, 0), riga(1998, 3, 29, 3, 15)}, // the night summer time begins
	} {
		if got := (retentionNightly{}).Next(tc.now); !got.Equal(tc.want) {
			t.Errorf("after %v: %v, want %v", tc.now, got, tc.want)
		}
	}
}
