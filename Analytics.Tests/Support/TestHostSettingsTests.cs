using System.Buffers.Binary;
using Analytics.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Analytics.Tests.Support;

/// <summary>The settings the test hosts run with to keep the suite fast (ADR 2031-2033) are the ones in effect.</summary>
public sealed class TestHostSettingsTests(SharedDemo shared) : IClassFixture<SharedDemo>
{
    [Fact]
    public async Task The_demo_accounts_of_a_test_host_are_hashed_with_the_tests_PBKDF2_iterations()
    {
        await using var scope = shared.Web.Services.CreateAsyncScope();
        var hashes = await scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>().Users
            .Where(u => u.PasswordHash != null).Select(u => u.PasswordHash!).ToListAsync();

        Assert.NotEmpty(hashes);
        foreach (var hash in hashes)
        {
            // Identity's V3 format: 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), salt length, salt, subkey.
            var bytes = Convert.FromBase64String(hash);
            Assert.Equal(0x01, bytes[0]);
            Assert.Equal(AnalyticsWebFactory.TestPasswordIterations, (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4)));
        }
    }
}
