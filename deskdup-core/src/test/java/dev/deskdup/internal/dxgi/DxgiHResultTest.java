package dev.deskdup.internal.dxgi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DxgiHResultTest {

    @Test
    void describesAnHResultInHexWithItsName() {
        assertThat(HResult.describe(HResult.DXGI_ERROR_ACCESS_LOST))
                .isEqualTo("hresult=0x887A0026 (DXGI_ERROR_ACCESS_LOST)");
        assertThat(HResult.describe(HResult.DXGI_ERROR_WAIT_TIMEOUT)).endsWith("(DXGI_ERROR_WAIT_TIMEOUT)");
        assertThat(HResult.describe(0x80004321)).isEqualTo("hresult=0x80004321 (unknown)");
    }

    @Test
    void checkThrowsNamingTheCallTheValueAndWhatToDo() {
        assertThatThrownBy(() -> HResult.check(HResult.DXGI_ERROR_UNSUPPORTED, "IDXGIOutput1::DuplicateOutput"))
                .isInstanceOf(HResult.Failure.class)
                .hasMessageStartingWith("IDXGIOutput1::DuplicateOutput failed: hresult=0x887A0004 "
                        + "(DXGI_ERROR_UNSUPPORTED)")
                .hasMessageContaining("hybrid-GPU");
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCap() {
        DxgiRetryPolicy p = new DxgiRetryPolicy(10, 35, 10);
        assertThat(p.backoffNanos(1)).isZero();
        assertThat(p.backoffNanos(2)).isEqualTo(10);
        assertThat(p.backoffNanos(3)).isEqualTo(20);
        assertThat(p.backoffNanos(4)).isEqualTo(35);
        assertThat(p.backoffNanos(60)).isEqualTo(35);
    }
}
