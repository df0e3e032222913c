using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Analytics.Jobs.Reports;

/// <summary>
/// Pseudonyms for the people of one export: "Person " and the first 12 hex digits of HMAC-SHA256 of the person id,
/// keyed with 32 random bytes drawn for this export and never stored. The same person gets the same pseudonym
/// throughout the export; without the key nobody can map a pseudonym back to an id (ids are few and guessable,
/// so an unkeyed hash would be reversed by hashing every id), and two exports share no pseudonyms (ADR 1622).
/// </summary>
public sealed class ExportPseudonyms
{
    private const int HexDigits = 12;
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly Dictionary<int, string> byPerson = [];
    private readonly HashSet<string> taken = new(StringComparer.Ordinal);

    public string? Of(int? personId) => personId is { } id ? Of(id) : null;

    public string Of(int personId)
    {
        if (byPerson.TryGetValue(personId, out var known))
            return known;

        Span<byte> message = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(message, personId);
        var hex = Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
        // Two people sharing 48 bits is unlikely (about 1 in 10^7 for 5,000 people) but would merge them in
        // the export: the second one then gets the full digest, which keeps both distinct.
        var pseudonym = "Person " + hex[..HexDigits];
        if (!taken.Add(pseudonym))
        {
            pseudonym = "Person " + hex;
            taken.Add(pseudonym);
        }

        byPerson.Add(personId, pseudonym);
        return pseudonym;
    }
}
