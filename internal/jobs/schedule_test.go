package jobs

import (
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
)

func TestDailyAtKeepsRigaTime(t *testing.T) {
	riga := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, i18n.Riga) }
	at := DailyAt{Hour: 8}
	for _, tc := range []struct{ now, want time.Time }{
		{riga(2027, 3, 27, 7, 59), riga(2027, 3, 27, 8, 0)},
		{riga(2027, 3, 27, 8, 0), riga(2027, 3, 28, 8, 0)}, // across the change to summer time
		{riga(2027, 10, 30, 9, 0), riga(2027, 10, 31, 8, 0)},
		{riga(2027, 12, 31, 23, 0), riga(2028, 1, 1, 8, 0)},
	} {
		if got := at.Next(tc.now); !got.Equal(tc.want) {
			t.Errorf("after %v: %v, want %v", tc.now, got, tc.want)
		}
	}
	half := DailyAt{Hour: 7, Minute: 30}
	if got, want := half.Next(riga(2027, 3, 27, 7, 29)), riga(2027, 3, 27, 7, 30); !got.Equal(want) {
		t.Errorf("07:30: %v, want %v", got, want)
	}
}
