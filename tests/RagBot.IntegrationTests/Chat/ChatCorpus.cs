namespace RagBot.IntegrationTests.Chat;

/// <summary>Small documents whose facts the chat tests ask about.</summary>
internal static class ChatCorpus
{
    public const string Vault = """
        # Security office

        Ingrid Solberg of the security office keeps the vault code.
        The vault code was last changed on 3 March 2024 after the yearly audit.
        """;

    public const string Lobby = """
        # Facilities

        The lobby carpet was changed on 12 May 2023 by the facilities crew.
        Light bulbs in the stairwell are changed every winter.
        """;

    public const string Greenhouse = """
        # Greenhouse

        The greenhouse sprinklers run at six in the morning and water the tomato beds for twenty minutes.
        """;
}
